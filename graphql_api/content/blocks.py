"""StreamField blocks as typed GraphQL objects, built from the stored raw data.

Working from the raw JSON avoids Wagtail's per-stream chooser queries: the ids
of images, documents and pages are handed to the request's loaders instead, so
a page of thirty blocks (or a list of two hundred pages) costs one query per
kind of object.
"""

import datetime
import decimal
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from graphql_api.caching.read_model import raw_stream
from graphql_api.content.images import (
    DocumentType,
    ImageType,
    document_or_none,
    image_or_none,
)
from graphql_api.content.loaders import linked_page, loader
from graphql_api.content.page_urls import page_location, public_url
from graphql_api.content.richtext import render_rich_text, want_links
from graphql_api.core.context import request_cache

LazyPage = Annotated[
    "PageInterface",  # noqa: F821
    strawberry.lazy("graphql_api.content.page_interface"),
]


def list_items(raw) -> list:
    """Return the values of a ListBlock's raw data (new and old formats)."""
    items = []
    for item in raw or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            items.append(item["value"])
        else:
            items.append(item)
    return items


def as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def as_date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def as_time(value):
    try:
        return datetime.time.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def as_datetime(value):
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def as_decimal(value):
    try:
        return decimal.Decimal(str(value)) if value not in (None, "") else None
    except decimal.InvalidOperation:
        return None


@strawberry.type(name="RichText", description="Rich text as HTML, links resolved.")
class RichText:
    source: strawberry.Private[str]
    language: strawberry.Private[str | None] = None

    @strawberry.field
    def html(self, info: strawberry.Info) -> str:
        return render_rich_text(info, self.source, self.language)


def rich_text(info, source, page=None) -> RichText:
    """Rich text of `page` (if given, its links to our routes follow its language)."""
    source = str(getattr(source, "source", source) or "")
    want_links(info, source)
    location = page_location(info, page) if page is not None else None
    return RichText(source=source, language=location[1] if location else None)


@strawberry.interface(name="Block", description="One block of a StreamField.")
class Block:
    id: strawberry.ID | None
    block_type: str
    raw_value: JSON | None = strawberry.field(
        description="The stored value, untyped; prefer the typed fields."
    )


@strawberry.type(name="HeadingBlock")
class HeadingBlock(Block):
    text: str
    level: str


@strawberry.type(name="ParagraphBlock")
class ParagraphBlock(Block):
    source: strawberry.Private[str]

    @strawberry.field
    def html(self, info: strawberry.Info) -> str:
        return render_rich_text(info, self.source)


@strawberry.type(name="ImageBlock")
class ImageBlock(Block):
    image_id: strawberry.Private[int | None]
    alt_text: str
    caption: str

    @strawberry.field
    def image(self, info: strawberry.Info) -> ImageType | None:
        return image_or_none(loader(info, "image").get(self.image_id), self.alt_text)


@strawberry.type(name="QuoteBlock")
class QuoteBlock(Block):
    text: str
    attribution: str


@strawberry.type(name="KeyFigure", description="A dated, sourced figure.")
class KeyFigure:
    value: decimal.Decimal | None
    unit: str
    label: str
    date: datetime.date | None
    source: str


def key_figure(raw) -> KeyFigure:
    raw = raw or {}
    return KeyFigure(
        value=as_decimal(raw.get("value")),
        unit=raw.get("unit") or "",
        label=raw.get("label") or "",
        date=as_date(raw.get("date")),
        source=raw.get("source") or "",
    )


@strawberry.type(name="KeyFiguresBlock")
class KeyFiguresBlock(Block):
    figures: list[KeyFigure]


@strawberry.type(name="StakeholderRole")
class StakeholderRole:
    name: str
    description: RichText
    examples: list[str]


@strawberry.type(name="StakeholderRolesBlock")
class StakeholderRolesBlock(Block):
    roles: list[StakeholderRole]


@strawberry.type(name="Link", description="A link to a page of the site or elsewhere.")
class Link:
    page_id: strawberry.Private[int | None]
    external_url: strawberry.Private[str]

    @strawberry.field(description="The linked page, if it is public.")
    def page(self, info: strawberry.Info) -> LazyPage | None:
        return linked_page(info, self.page_id)

    @strawberry.field(description="Where the link goes: the page's URL or the address.")
    def url(self, info: strawberry.Info) -> str | None:
        if self.page_id is None:
            return self.external_url or None
        page = linked_page(info, self.page_id)
        return public_url(info, page) if page is not None else None


@strawberry.type(name="CallToActionBlock")
class CallToActionBlock(Block):
    title: str
    text: str
    label: str
    link: Link


@strawberry.type(name="DocumentBlock")
class DocumentBlock(Block):
    document_id: strawberry.Private[int | None]
    title: str

    @strawberry.field
    def document(self, info: strawberry.Info) -> DocumentType | None:
        return document_or_none(loader(info, "document").get(self.document_id))


@strawberry.type(name="PageLinkBlock")
class PageLinkBlock(Block):
    page_id: strawberry.Private[int | None]
    label: str

    @strawberry.field(description="The linked page; null when it is not public.")
    def page(self, info: strawberry.Info) -> LazyPage | None:
        return linked_page(info, self.page_id)


@strawberry.type(name="EmbedBlock")
class EmbedBlock(Block):
    url: str


@strawberry.type(name="TableBlock")
class TableBlock(Block):
    rows: list[list[str | None]]
    first_row_is_header: bool
    first_column_is_header: bool


@strawberry.type(
    name="UnknownBlock", description="A block type this API does not know."
)
class UnknownBlock(Block):
    pass


def build_block(info, item) -> Block:
    kind = item.get("type", "")
    raw = item.get("value")
    common = {"id": item.get("id"), "block_type": kind, "raw_value": raw}
    value = raw if isinstance(raw, dict) else {}
    if kind == "heading":
        return HeadingBlock(
            **common, text=value.get("text") or "", level=value.get("level") or "h2"
        )
    if kind == "paragraph":
        want_links(info, raw)
        return ParagraphBlock(**common, source=raw or "")
    if kind == "image":
        image_id = as_int(value.get("image"))
        loader(info, "image").want([image_id])
        return ImageBlock(
            **common,
            image_id=image_id,
            alt_text=value.get("alt_text") or "",
            caption=value.get("caption") or "",
        )
    if kind == "quote":
        return QuoteBlock(
            **common,
            text=value.get("text") or "",
            attribution=value.get("attribution") or "",
        )
    if kind == "key_figures":
        return KeyFiguresBlock(
            **common, figures=[key_figure(v) for v in list_items(raw)]
        )
    if kind == "stakeholder_roles":
        roles = []
        for role in list_items(raw):
            role = role or {}
            roles.append(
                StakeholderRole(
                    name=role.get("name") or "",
                    description=rich_text(info, role.get("description")),
                    examples=[str(e) for e in list_items(role.get("examples"))],
                )
            )
        return StakeholderRolesBlock(**common, roles=roles)
    if kind == "call_to_action":
        link = value.get("link") or {}
        page_id = as_int(link.get("page"))
        loader(info, "page").want([page_id])
        return CallToActionBlock(
            **common,
            title=value.get("title") or "",
            text=value.get("text") or "",
            label=value.get("label") or "",
            link=Link(page_id=page_id, external_url=link.get("url") or ""),
        )
    if kind == "document":
        document_id = as_int(value.get("document"))
        loader(info, "document").want([document_id])
        return DocumentBlock(
            **common, document_id=document_id, title=value.get("title") or ""
        )
    if kind == "page_link":
        page_id = as_int(value.get("page"))
        loader(info, "page").want([page_id])
        return PageLinkBlock(**common, page_id=page_id, label=value.get("label") or "")
    if kind == "embed":
        return EmbedBlock(**common, url=str(raw or ""))
    if kind == "table":
        rows = value.get("data") or []
        return TableBlock(
            **common,
            rows=[[None if c is None else str(c) for c in row] for row in rows],
            first_row_is_header=bool(value.get("first_row_is_table_header")),
            first_column_is_header=bool(value.get("first_col_is_header")),
        )
    return UnknownBlock(**common)


def build_stream(info, owner, field_name) -> list[Block]:
    """Return the typed blocks of `owner.field_name`, built once per request.

    A page read from its read model with its references prepared has its
    stream as decoded once per process (`read_model.decoded`): its blocks are
    built once per process too. Nothing in a block depends on the request, and
    what they refer to was handed to this request's loaders by `prime`.
    """
    key = ("stream", owner._meta.label, owner.pk, field_name, id(owner))
    cache = request_cache(info)
    if key not in cache:
        stream = getattr(owner, field_name)
        if isinstance(stream, list) and owner.__dict__.get("resolved"):
            cache[key] = prepared_blocks(info, stream)
        else:
            cache[key] = [build_block(info, item) for item in raw_stream(stream)]
    return cache[key]


# Blocks of prepared streams by the stream's identity: (stream, blocks). The
# entry keeps the stream alive, so its id is never another's; the oldest out first.
_built: dict = {}
BUILT_KEPT = 512


def prepared_blocks(info, stream: list) -> list[Block]:
    entry = _built.get(id(stream))
    if entry is None or entry[0] is not stream:
        entry = (stream, [build_block(info, item) for item in raw_stream(stream)])
        if len(_built) >= BUILT_KEPT:
            _built.pop(next(iter(_built)), None)
        _built[id(stream)] = entry
    return entry[1]


BLOCK_TYPES = (
    HeadingBlock,
    ParagraphBlock,
    ImageBlock,
    QuoteBlock,
    KeyFiguresBlock,
    StakeholderRolesBlock,
    CallToActionBlock,
    DocumentBlock,
    PageLinkBlock,
    EmbedBlock,
    TableBlock,
    UnknownBlock,
)
