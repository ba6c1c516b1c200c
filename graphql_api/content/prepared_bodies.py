"""Page bodies prepared once: what a published page refers to, resolved.

A page's blocks and rich text refer to images, documents, other pages and
regions; resolving them on every read cost about half of an uncached page read
(loaders, renditions, rich text rewriting: docs/benchmarks.md). The read model
(graphql_api.caching.read_model) keeps, with each live revision, what the API
shows of them:

- images: their fields and the renditions the allow-lists offer;
- documents: public ones only (pages.public_files), as today's rule: a private
  one is null, and a rich text link to it loses its href;
- linked pages: their row, if public when prepared;
- regions (snippets): their fields;
- rich text: rewritten HTML, keyed by its source (`richtext.source_key`).

On a read, `prime` hands them to the request's loaders, so the page types'
resolvers find them without a query. What may change without the page stays
live: a linked page's visibility (its expiry, a view restriction) is checked
against the page row's prepared expiry and the view restrictions every read
knows, and its URL is made from the networks as they are. Any change to a
referred object empties the prepared page (caching.read_model_freshness).
"""

from django.utils import timezone
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_format
from wagtail.models import Page
from wagtail.rich_text import features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter
from wagtail.snippets.blocks import SnippetChooserBlock

from graphql_api.caching.read_model import (
    ROW_FIELDS,
    LinkedPage,
    model_of,
    own_fields,
    raw_stream,
    resolves_references,
)
from graphql_api.content.images import (
    PreparedDocument,
    PreparedImage,
    document_data,
    image_data,
)
from graphql_api.content.loaders import loader, restricted_paths
from graphql_api.content.richtext import (
    BASE_MARK,
    DOCUMENT_LINK,
    IMAGE_EMBED,
    MARKS,
    PAGE_LINK,
    PAGE_MARK,
    PAGE_MARK_END,
    PREPARED,
    as_int,
    source_key,
)
from graphql_api.core.context import request_cache
from pages import visibility
from pages.models import Region
from pages.public_files import public_documents

REGION_FIELDS = (
    "id",
    "name",
    "code",
    "contact_name",
    "contact_email",
    "contact_url",
    "locale_id",
)
# Where a block keeps the id of what it refers to: block type -> (kind, path).
BLOCK_REFERENCES = {
    "image": ("images", ("image",)),
    "document": ("documents", ("document",)),
    "page_link": ("pages", ("page",)),
    "call_to_action": ("pages", ("link", "page")),
}
KINDS = ("images", "documents", "pages", "regions")


class References:
    """What one page refers to: ids by kind, and its rich text sources."""

    def __init__(self):
        self.ids = {kind: set() for kind in KINDS}
        self.rich: set[str] = set()

    def add(self, kind, value) -> None:
        number = as_int(value)
        if number is not None:
            self.ids[kind].add(number)

    def add_rich(self, source) -> None:
        source = str(getattr(source, "source", source) or "")
        if "<" not in source:
            return  # nothing to rewrite: read as it is
        self.rich.add(source)
        for number in PAGE_LINK.findall(source):
            self.add("pages", number)
        for number in DOCUMENT_LINK.findall(source):
            self.add("documents", number)
        for number in IMAGE_EMBED.findall(source):
            self.add("images", number)

    def walk(self, value) -> None:
        """Every string of a block's value that may be rich text."""
        if isinstance(value, str):
            self.add_rich(value)
        elif isinstance(value, dict):
            for item in value.values():
                self.walk(item)
        elif isinstance(value, list):
            for item in value:
                self.walk(item)


def dig(value, path):
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def references_of(page) -> References:
    found = References()
    for field in own_fields(type(page)):
        if isinstance(field, RichTextField):
            found.add_rich(field.value_from_object(page))
        elif isinstance(field, StreamField):
            children = field.stream_block.child_blocks
            for item in raw_stream(field.value_from_object(page)):
                kind = item.get("type")
                value = item.get("value")
                child = children.get(kind)
                if (
                    isinstance(child, SnippetChooserBlock)
                    and child.target_model is Region
                ):
                    found.add("regions", value)
                elif kind in BLOCK_REFERENCES:
                    target, path = BLOCK_REFERENCES[kind]
                    found.add(target, dig(value, path))
                found.walk(value)
    found.add("regions", getattr(page, "region_id", None))
    return found


def load(wanted: dict, complete: bool) -> dict:
    """The referred objects as the read model keeps them, by kind and id."""
    loaded = {kind: {} for kind in KINDS}
    images = {}
    if wanted["images"]:
        images = {
            image.pk: image
            for image in get_image_model()
            .objects.filter(pk__in=wanted["images"])
            .prefetch_renditions()
        }
        loaded["images"] = {pk: image_data(i, complete) for pk, i in images.items()}
    if wanted["documents"]:
        documents = public_documents(
            get_document_model().objects.filter(pk__in=wanted["documents"])
        )
        loaded["documents"] = {doc.pk: document_data(doc) for doc in documents}
    if wanted["pages"]:
        rows = visibility.public(Page.objects.filter(pk__in=wanted["pages"]))
        loaded["pages"] = {row["id"]: row for row in rows.values(*ROW_FIELDS)}
    if wanted["regions"]:
        rows = Region.objects.filter(pk__in=wanted["regions"]).values(*REGION_FIELDS)
        loaded["regions"] = {row["id"]: row for row in rows}
    loaded["image_objects"] = images
    return loaded


def rewriter(loaded: dict):
    """Rich text rewritten with what was loaded; page links and the base marked."""

    def pages(attrs_list):
        # the page's URL and visibility are read with each answer (`finish`)
        tags = []
        for attrs in attrs_list:
            number = as_int(attrs.get("id"))
            tags.append(f"<a{PAGE_MARK}{number}{PAGE_MARK_END}>" if number else "<a>")
        return tags

    def documents(attrs_list):
        tags = []
        for attrs in attrs_list:
            document = loaded["documents"].get(as_int(attrs.get("id")))
            if document is None:
                tags.append("<a>")
                continue
            url = document["url"]
            if url.startswith("/"):
                url = BASE_MARK + url
            tags.append(f'<a href="{escape(url)}">')
        return tags

    def images(attrs_list):
        tags = []
        for attrs in attrs_list:
            image = loaded["image_objects"].get(as_int(attrs.get("id")))
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


@resolves_references
def resolve(pages, complete: bool) -> dict:
    """What each page refers to, resolved as the API shows it (by page id)."""
    found = {page.pk: references_of(page) for page in pages}
    wanted = {kind: set() for kind in KINDS}
    for references in found.values():
        for kind in KINDS:
            wanted[kind] |= references.ids[kind]
    loaded = load(wanted, complete)
    rewrite = rewriter(loaded)
    resolved = {}
    for pk, references in found.items():
        entry = {
            kind: {
                str(number): loaded[kind].get(number) for number in references.ids[kind]
            }
            for kind in KINDS
        }
        entry["rich"] = {
            source_key(source): rewrite(MARKS.sub("", source))
            for source in references.rich
        }
        entry["complete"] = all(
            image is None or image["complete"] for image in entry["images"].values()
        )
        resolved[pk] = entry
    return resolved


class PreparedRow:
    """A snippet's row as a page's read model keeps it (a region)."""

    def __init__(self, row: dict):
        self.__dict__.update(row)
        self.pk = row["id"]


def visible(info, row: dict, now) -> bool:
    """Whether a linked page prepared as public is still public now."""
    expire_at = row.expire_at
    if expire_at is not None and expire_at <= now:
        return False
    return not visibility.is_restricted(row, restricted_paths(info))


def prime(info, pages) -> None:
    """Hand what prepared pages refer to over to the request's loaders."""
    now = None
    for page in pages:
        resolved = page.__dict__.get("resolved")
        if not resolved:
            continue  # a preview, or a row of an older form: loaded live
        request_cache(info).setdefault(PREPARED, {}).update(resolved["rich"])
        for number, data in resolved["images"].items():
            put(info, "image", number, data and PreparedImage(data))
        # in case a rendition is asked that was not prepared: all in one query
        loader(info, "image_file").want(int(number) for number in resolved["images"])
        for number, data in resolved["documents"].items():
            put(info, "document", number, data and PreparedDocument(data))
        for number, data in resolved["regions"].items():
            put(info, "pages.Region", number, data and PreparedRow(data))
        for number, row in resolved["pages"].items():
            linked = None
            if row is not None:
                linked = LinkedPage(model_of(row["content_type_id"]), row)
                if now is None:
                    now = timezone.now()
                if not visible(info, linked, now):
                    linked = None
            put(info, "page", number, linked)


def put(info, kind, number, value) -> None:
    pages = loader(info, kind)
    key = int(number)
    if key not in pages.loaded:
        pages.prime(key, value)
