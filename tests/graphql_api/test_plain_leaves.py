"""Plain leaf fields answered the short way give the answer graphql-core would give.

Each document is executed twice over the same objects: by strawberry's own
execution context and by ours; data and errors (message, path) must be equal,
including aliases, fragments, directives, nulls, refused values and errors.
"""

import enum

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graphql_api.core.execution import PlainLeavesExecutionContext, plain_leaves
from graphql_api.schema import schema as partner_schema


@strawberry.enum
class Colour(enum.Enum):
    GREEN = "green"
    BLUE = "blue"


@strawberry.type
class Child:
    code: str
    level: int | None


@strawberry.type
class Leaf:
    child: Child | None
    children: list[Child]
    name: str
    label: str | None
    count: int
    ratio: float | None
    colour: Colour
    tags: list[str]
    maybe_tags: list[str | None] | None
    ident: strawberry.ID

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def prefixed(self, prefix: str = "> ") -> str:
        return prefix + self.name


@strawberry.type
class Query:
    items: list[Leaf]
    first: Leaf | None


def leaf(**fields):
    values = {
        "name": "a",
        "label": None,
        "count": 1,
        "ratio": 0.5,
        "colour": Colour.GREEN,
        "tags": ["x", "y"],
        "maybe_tags": ["x", None],
        "ident": 7,
        "child": Child(code="c", level=None),
        "children": [Child(code="d", level=1), Child(code="e", level=2)],
    }
    values.update(fields)
    return Leaf(**values)


class Bare:
    """An object that lacks some attributes, as a wrong resolver might return."""

    name = "bare"


ROOTS = {
    "fine": Query(
        items=[leaf(), leaf(name="b", label="B", colour=Colour.BLUE)], first=None
    ),
    "null in non-null": Query(items=[leaf(), leaf(name=None)], first=leaf()),
    "null in non-null list item": Query(items=[leaf(tags=["x", None])], first=None),
    "refused int": Query(items=[leaf(count="many")], first=leaf(count=2**40)),
    "refused enum": Query(items=[leaf(colour="purple")], first=None),
    "string list is a string": Query(items=[leaf(tags="xy")], first=None),
    "missing attribute": Query(items=[Bare()], first=None),
    "null in a nested object": Query(
        items=[leaf(children=[Child(code=None, level=1)])], first=None
    ),
    "wrong object in a list": Query(items=[leaf(children=[Bare()])], first=None),
    "null in nullable": Query(
        items=[leaf(label=None, ratio=None, maybe_tags=None)], first=None
    ),
}

DOCUMENTS = [
    "{ items { name label count ratio colour tags maybeTags ident } }",
    "{ items { n: name name again: name __typename shout } first { name } }",
    "{ items { ...F } } fragment F on Leaf { name tags colour }",
    "{ items { ... on Leaf { count } ... { label } name } }",
    "query Q($yes: Boolean!) { items { name @include(if: $yes) label @skip(if: $yes)"
    " count } }",
    '{ items { prefixed(prefix: "! ") prefixed2: prefixed name } }',
    "{ first { name count tags } items { name } }",
    "{ items { child { code level } children { c: code __typename } } }",
    "{ items { children { ... on Child { code } level } child { code } name } }",
    "{ items { __typename } first { __typename child { __typename } } }",
]


def execute(schema_class, document, root):
    schema = strawberry.Schema(query=Query, execution_context_class=schema_class)
    result = schema.execute_sync(
        document, root_value=root, variable_values={"yes": True}
    )
    errors = sorted(
        (error.message, tuple(error.path or ())) for error in result.errors or []
    )
    return result.data, errors


@pytest.mark.parametrize("root_name", list(ROOTS))
@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_short_way_answers_like_graphql_core(document, root_name):
    root = ROOTS[root_name]
    expected = execute(StrawberryGraphQLCoreExecutionContext, document, root)
    assert execute(PlainLeavesExecutionContext, document, root) == expected


def test_an_error_in_a_plain_leaf_keeps_its_path_and_nulls_the_item():
    root = ROOTS["null in non-null"]
    data, errors = execute(PlainLeavesExecutionContext, "{ items { name } }", root)
    # given the second item's name is null where the schema promises a string
    # then the whole list is null (items are non-null) and the error says where
    assert data is None
    assert [path for _message, path in errors] == [("items", 1, "name")]


def test_only_fields_that_strawberry_would_only_read_take_the_short_way():
    signatory = partner_schema._schema.get_type("Signatory")
    leaves = plain_leaves(signatory)
    assert {"id", "name", "kind", "website", "signedOn"} <= set(leaves)
    # a resolver (locale, logo, collaborationPlan) or an object type goes the
    # normal way: its permission checks and loaders run as before
    assert not {"locale", "logo", "collaborationPlan", "region"} & set(leaves)
    image = partner_schema._schema.get_type("Image")
    assert "rendition" not in plain_leaves(image)


def test_strawberry_django_model_types_keep_the_short_way():
    # given the model types strawberry-django builds (issue 28)
    signatory = partner_schema._schema.get_type("Signatory")
    region = partner_schema._schema.get_type("Region")
    # then their columns are plain leaves, their foreign key an attribute read
    assert {"name", "website", "signedOn"} <= set(plain_leaves(signatory))
    assert {"name", "code"} <= set(plain_leaves(region))
    assert signatory.fields["region"].resolve.__qualname__.startswith("read_relation")
    # and no per-object type check, as for strawberry's own types
    assert signatory.is_type_of is None and region.is_type_of is None
