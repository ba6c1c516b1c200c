"""The compiled short path answers exactly what graphql-core's normal way answers.

Each request is sent twice to the partner endpoint: with our execution context
(plans, `graphql_api/core/compiler.py`) and with strawberry's own one, which
runs graphql-core's and strawberry's per-field machinery; the JSON bodies must
be equal, errors (message, path, code) included. A small schema of our own then
covers what the API's data cannot show: a resolver raising, a null where the
schema forbids one, a class an interface does not know, strawberry's casts.
"""

import datetime
import enum
import json

import pytest
import strawberry
from strawberry.schema import schema_converter
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graphql_api.core.execution import PlainLeavesExecutionContext
from graphql_api.schema import schema as partner_schema
from tests.fixtures.graphql import (
    add_page,
    body_blocks,
    make_document,
    make_image,
    make_region,
    plan,
)

EVERY_BLOCK = """
query Page($path: String, $filter: String!) {
  page(urlPath: $path) {
    id title __typename
    ... on ContentPage {
      introduction { html }
      body {
        __typename id blockType rawValue
        ... on HeadingBlock { text level }
        ... on ParagraphBlock { html }
        ... on QuoteBlock { text attribution }
        ... on KeyFiguresBlock { figures { value unit label date source } }
        ... on StakeholderRolesBlock { roles { name description { html } examples } }
        ... on CallToActionBlock { title text label link { url page { title } } }
        ... on ImageBlock {
          altText caption
          image {
            id title alt credit width height url srcSet
            rendition(filter: $filter) { url width height }
            small: rendition(filter: "width-400") { url }
          }
        }
        ... on DocumentBlock { title document { id title url fileSize fileType } }
        ... on PageLinkBlock {
          label page { id title url urlPath ... on ContentPage { body { blockType } } }
        }
        ... on EmbedBlock { url }
        ... on TableBlock { rows firstRowIsHeader firstColumnIsHeader }
      }
    }
  }
}"""
EVENTS = """
{
  events(limit: 20) {
    totalCount
    items {
      id title urlPath start end place address status registrationUrl __typename
      region { name code }
      agenda { time title speaker }
      body { blockType ... on ParagraphBlock { html } }
    }
  }
}"""
SIGNATORIES = """
{
  signatories(limit: 100) {
    totalCount
    items {
      id name kind website signedOn
      region { name code }
      logo { alt rendition(filter: "fill-400x300") { url width height } }
      collaborationPlan { title actions }
    }
  }
}"""


@pytest.fixture
def both_ways(gql, monkeypatch):
    """Answer a request the short way, then the normal way: both bodies."""

    def ask(query, variables=None):
        short = gql.post(query, variables)
        with monkeypatch.context() as patch:
            patch.setattr(
                partner_schema,
                "execution_context_class",
                StrawberryGraphQLCoreExecutionContext,
            )
            normal = gql.post(query, variables)
        assert short.status_code == normal.status_code == 200
        return json.loads(short.content), json.loads(normal.content)

    return ask


@pytest.fixture
def every_block_page(network_keys):
    from pages.models import ContentPage

    home = network_keys["club"][1]
    linked = add_page(home, ContentPage, "Liée", body=[{"type": "quote", "value": {}}])
    image = make_image("Parc", width=900, height=600)
    document = make_document("Compte rendu")
    links = f'<a linktype="page" id="{linked.pk}">la page</a>'
    blocks = body_blocks(image=image, document=document, page=linked, link_html=links)
    blocks[4]["value"]["link"] = {"page": linked.pk, "url": ""}
    blocks += [
        {
            "type": "stakeholder_roles",
            "value": [
                {"name": "Commune", "description": f"<p>{links}</p>", "examples": []}
            ],
        },
        {"type": "embed", "value": "https://video.example/v/1"},
        {
            "type": "table",
            "value": {
                "data": [["a", None], ["1", "2"]],
                "first_row_is_table_header": True,
            },
        },
        {"type": "image", "value": {"image": None, "alt_text": "", "caption": ""}},
        {"type": "page_link", "value": {"page": 999999, "label": "gone"}},
    ]
    return add_page(
        home, ContentPage, "Tout", introduction=f"<p>{links}</p>", body=blocks
    )


def test_a_page_with_every_block_kind_is_answered_the_same(both_ways, every_block_page):
    # when the page is read with every block's fields, the short way and the normal way
    short, normal = both_ways(EVERY_BLOCK, {"path": "/tout/", "filter": "width-800"})
    # then the bodies are the same, and hold every kind of block
    assert "errors" not in short
    assert short == normal
    kinds = {block["__typename"] for block in short["data"]["page"]["body"]}
    assert {
        "HeadingBlock",
        "ParagraphBlock",
        "QuoteBlock",
        "KeyFiguresBlock",
        "StakeholderRolesBlock",
        "CallToActionBlock",
        "ImageBlock",
        "DocumentBlock",
        "PageLinkBlock",
        "EmbedBlock",
        "TableBlock",
    } == kinds


def test_a_resolver_refusing_gives_the_same_error_at_the_same_path(
    both_ways, every_block_page
):
    # given a rendition filter the API refuses (the resolver raises)
    variables = {"path": "/tout/", "filter": "width-123"}
    # when the page is read both ways
    short, normal = both_ways(EVERY_BLOCK, variables)
    # then the same error, at the image's rendition, and the image is null
    assert short == normal
    paths = [error["path"] for error in short["errors"]]
    assert paths == [["page", "body", 5, "image", "rendition"]]
    assert short["errors"][0]["extensions"]["code"] == "RENDITION_FILTER_NOT_ALLOWED"
    assert short["data"]["page"]["body"][5]["image"] is None


def test_lists_of_events_and_signatories_are_answered_the_same(
    both_ways, network_keys, locales
):
    from pages.models import EventIndexPage, EventPage, Signatory

    home = network_keys["club"][1]
    index = add_page(home, EventIndexPage, "Agenda")
    region = make_region(locales)
    start = datetime.datetime(2030, 5, 1, 9, tzinfo=datetime.UTC)
    for i in range(3):
        add_page(
            index,
            EventPage,
            f"Rencontre {i}",
            start=start + datetime.timedelta(days=i),
            end=start + datetime.timedelta(days=i, hours=2),
            place="Salle",
            region=region if i else None,
            agenda=[{"type": "item", "value": {"time": "09:00:00", "title": "Café"}}],
            body=[{"type": "paragraph", "value": "<p>Bienvenue</p>"}],
        )
    logo = make_image("Logo", 8, 6)
    Signatory.objects.bulk_create(
        Signatory(
            site=network_keys["club"][0],
            name=f"Signataire {i}",
            kind="local_authority",
            region=region if i % 2 else None,
            logo=logo if i % 3 else None,
            collaboration_plan=plan("Eau", "Énergie"),
            locale=locales["fr"],
        )
        for i in range(6)
    )
    for query in (EVENTS, SIGNATORIES):
        short, normal = both_ways(query)
        assert "errors" not in short
        assert short == normal
    assert len(short["data"]["signatories"]["items"]) == 6


def test_the_short_way_skips_strawberrys_per_field_machinery(
    gql, every_block_page, monkeypatch
):
    # given strawberry's argument handling, run for each resolved field the normal way
    calls = []
    original = schema_converter.get_arguments

    def counted(**kwargs):
        calls.append(kwargs["field"].name)
        return original(**kwargs)

    monkeypatch.setattr(schema_converter, "get_arguments", counted)
    variables = {"path": "/tout/", "filter": "width-800"}
    # when the page is read twice (the plans are kept for the same document)
    gql.query(EVERY_BLOCK, variables)
    calls.clear()
    body = gql.query(EVERY_BLOCK, variables)
    # then only the root field went through it: blocks, images, links did not
    assert "errors" not in body
    assert calls == ["page"], calls


# A schema of our own, for what the API's data cannot show ---------------------


@strawberry.enum
class Size(enum.Enum):
    SMALL = "small"
    LARGE = "large"


@strawberry.interface
class Shape:
    name: str


@strawberry.type
class Square(Shape):
    side: int

    @strawberry.field
    def area(self, info: strawberry.Info, scale: int = 1) -> int:
        assert info.context["request"] == "r"
        return self.side * self.side * scale

    @strawberry.field
    def label(self, size: Size = Size.SMALL, suffix: str | None = None) -> str:
        if self.side < 0:
            raise ValueError("negative side")
        return f"{self.name}-{size.value}{suffix or ''}"

    @strawberry.field
    def must(self) -> str:
        return None if self.side == 0 else "ok"

    @strawberry.field
    def maybe(self) -> str | None:
        return None


@strawberry.type
class Circle(Shape):
    radius: float

    @strawberry.field
    def twin(root: "Circle") -> "Circle | None":  # noqa: N805 - strawberry's root
        return None if root.radius > 1 else Circle(name=root.name, radius=2.0)


class Bare:
    name = "bare"


def parent_name(parent: strawberry.Parent["Holder"]) -> str:
    return parent.title.upper()


@strawberry.type
class Holder:
    title: str
    shapes: list[Shape]
    first: Shape | None
    shouted: str = strawberry.field(resolver=parent_name)


@strawberry.type
class Query:
    holders: list[Holder]


def holder(*shapes, title="h"):
    return Holder(title=title, shapes=list(shapes), first=shapes[0] if shapes else None)


LOCAL_ROOTS = {
    "fine": [holder(Square(name="s", side=2), Circle(name="c", radius=0.5))],
    "resolver raising": [holder(Square(name="s", side=-1))],
    "null in a non-null resolver field": [holder(Square(name="z", side=0))],
    "unknown class": [holder(Square(name="s", side=1), Bare())],
    "cast": [holder(strawberry.cast(Circle, Bare()), Circle(name="c", radius=3.0))],
    "a null in a non-null list": [holder(Square(name="s", side=1), None)],
}
LOCAL_DOCUMENTS = [
    "{ holders { title shouted shapes { __typename name ... on Square { side area"
    " label must maybe } ... on Circle { radius twin { name } } } } }",
    "query Q($s: Size!, $k: Int!) { holders { first { ... on Square { label(size: $s,"
    ' suffix: "!") area(scale: $k) big: area(scale: 10) } } } }',
    "{ holders { shapes { ... on Square { must } } first { name } } }",
    "{ holders { shapes { name } } }",
]


def run_local(context_class, document, roots):
    schema = strawberry.Schema(
        query=Query, types=[Square, Circle], execution_context_class=context_class
    )
    result = schema.execute_sync(
        document,
        root_value=Query(holders=roots),
        variable_values={"s": "LARGE", "k": 3},
        context_value={"request": "r"},
    )
    errors = sorted(
        (error.message, tuple(error.path or ())) for error in result.errors or []
    )
    return result.data, errors


@pytest.mark.parametrize("root_name", list(LOCAL_ROOTS))
@pytest.mark.parametrize("document", LOCAL_DOCUMENTS)
def test_resolvers_and_interfaces_answer_like_graphql_core(document, root_name):
    roots = LOCAL_ROOTS[root_name]
    expected = run_local(StrawberryGraphQLCoreExecutionContext, document, roots)
    # twice: the second execution uses the plans kept from the first
    assert run_local(PlainLeavesExecutionContext, document, roots) == expected
    assert run_local(PlainLeavesExecutionContext, document, roots) == expected


def test_a_null_in_a_non_null_field_gives_graphql_cores_error():
    document = "{ holders { shapes { ... on Square { must } } } }"
    roots = [holder(Square(name="a", side=1), Square(name="z", side=0))]
    data, errors = run_local(PlainLeavesExecutionContext, document, roots)
    assert (data, errors) == run_local(
        StrawberryGraphQLCoreExecutionContext, document, roots
    )
    # the null climbs to the first nullable parent (none here), the error says where
    assert data is None
    assert errors == [
        (
            "Cannot return null for non-nullable field Square.must.",
            ("holders", 0, "shapes", 1, "must"),
        )
    ]
