"""Rich text as HTML, with links to public pages and documents made real URLs.

Wagtail's own expand_db_html would query once per rich-text field and link to
any page; here links go through the request's loaders (one query for all the
fields of a response) and a link to a page that is not public loses its href.

A published page's rich text comes prepared (graphql_api.content.
prepared_bodies): rewritten once, with two marks left for what depends on the
request or may change without the page: the address of the server a document
link starts with (`BASE_MARK`), and each link to a page (`PAGE_MARK`), whose
URL and visibility are read when the answer is made.
"""

import hashlib
import re

from django.utils.html import escape
from wagtail.images.formats import get_image_format
from wagtail.rich_text import features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from graphql_api.content.loaders import loader
from graphql_api.content.page_urls import public_url
from graphql_api.core.context import request_cache
from pages.route_links import localize_route_links

PAGE_LINK = re.compile(r'<a[^>]*linktype="page"[^>]*\bid="(\d+)"')
DOCUMENT_LINK = re.compile(r'<a[^>]*linktype="document"[^>]*\bid="(\d+)"')
IMAGE_EMBED = re.compile(r'<embed[^>]*embedtype="image"[^>]*\bid="(\d+)"')
# Private-use characters: never in what an editor types (removed from the
# source before rewriting), so never taken for a mark.
BASE_MARK = "\ue000"
PAGE_MARK = "\ue001"
PAGE_MARK_END = "\ue002"
MARKS = re.compile("[\ue000-\ue002]")
PAGE_MARKED = re.compile(PAGE_MARK + r"(\d+)" + PAGE_MARK_END)
PREPARED = "prepared_rich_text"


def source_key(html: str) -> str:
    """The key of a rich text source among a page's prepared rich text."""
    return hashlib.blake2b(html.encode(), digest_size=8).hexdigest()


def want_links(info, html: str | None) -> None:
    """Register the pages, documents and images a rich text refers to."""
    if not html:
        return
    loader(info, "page").want(int(i) for i in PAGE_LINK.findall(html))
    loader(info, "document").want(int(i) for i in DOCUMENT_LINK.findall(html))
    loader(info, "image").want(int(i) for i in IMAGE_EMBED.findall(html))


def as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def rewriter(info):
    def pages(attrs_list):
        tags = []
        for attrs in attrs_list:
            page = loader(info, "page").get(as_int(attrs.get("id")))
            url = public_url(info, page) if page is not None else None
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags

    def documents(attrs_list):
        request = getattr(info.context, "request", None)
        tags = []
        for attrs in attrs_list:
            document = loader(info, "document").get(as_int(attrs.get("id")))
            if document is None:
                tags.append("<a>")
                continue
            url = document.url
            if request is not None:
                url = request.build_absolute_uri(url)
            tags.append(f'<a href="{escape(url)}">')
        return tags

    def images(attrs_list):
        tags = []
        for attrs in attrs_list:
            image = loader(info, "image").get(as_int(attrs.get("id")))
            if image is None:
                tags.append('<img alt="">')
                continue
            image_format = get_image_format(attrs.get("format", "fullwidth"))
            tags.append(image_format.image_to_html(image, attrs.get("alt", "")))
        return tags

    link_rules = {
        linktype: handler.expand_db_attributes_many
        for linktype, handler in features.get_link_types().items()
    }
    link_rules.update(page=pages, document=documents)
    embed_rules = {
        embedtype: handler.expand_db_attributes_many
        for embedtype, handler in features.get_embed_types().items()
    }
    embed_rules.update(image=images)
    return MultiRuleRewriter(
        [LinkRewriter(bulk_rules=link_rules), EmbedRewriter(bulk_rules=embed_rules)]
    )


def request_base(info) -> str:
    """The address a relative URL is made absolute with, for this request."""
    cache = request_cache(info)
    if "request_base" not in cache:
        request = getattr(info.context, "request", None)
        cache["request_base"] = (
            request.build_absolute_uri("/")[:-1] if request is not None else ""
        )
    return cache["request_base"]


def finish(info, prepared: str, language: str | None) -> str:
    """Prepared rich text as front-end HTML: the request's address, live page links."""
    html = prepared
    if BASE_MARK in html:
        html = html.replace(BASE_MARK, request_base(info))
    if PAGE_MARK in html:

        def page_link(match):
            page = loader(info, "page").get(int(match.group(1)))
            url = public_url(info, page) if page is not None else None
            return f' href="{escape(url)}"' if url else ""

        html = PAGE_MARKED.sub(page_link, html)
    return localize_route_links(html, language)


def render_rich_text(info, html, language: str | None = None) -> str:
    """Return rich text (database form) as front-end HTML."""
    if not html:
        return ""
    html = str(getattr(html, "source", html))
    prepared = request_cache(info).get(PREPARED)
    if prepared:
        found = prepared.get(source_key(html))
        if found is not None:
            return finish(info, found, language)
    want_links(info, html)
    # links to our own routes (the forms) in the page's language (else the
    # request's), as on the hosted site: a translation keeps its source's targets
    return localize_route_links(rewriter(info)(html), language)
