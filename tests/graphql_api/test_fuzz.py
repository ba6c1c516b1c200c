"""Property: no request built from schema.graphql's root fields, with hostile
strings in every string argument, gets a 5xx.

Each example picks a root field of the committed contract, fills every
argument (required or not, input objects included) with values of its type,
strings drawn from quotes, NUL, lone surrogates, operators, very long and
deeply nested text, and sends it as variables or as inline literals to the
real view. Bounded and derandomized: the same examples run on every change.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    build_schema,
    get_named_type,
    is_leaf_type,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graphql_api.management.commands.export_schema import schema_path
from tests.fixtures.graphql import add_page, make_document, make_image

CONTRACT = build_schema(schema_path().read_text(encoding="utf-8"))
ROOT_FIELDS = [
    (operation, name, field)
    for operation, root in (
        ("query", CONTRACT.query_type),
        ("mutation", CONTRACT.mutation_type),
    )
    for name, field in root.fields.items()
]

HOSTILE_STRINGS = st.one_of(
    st.sampled_from(
        [
            "",
            '"',
            '"eco',
            "\x00",
            "eco\x00quartier",
            "\ud800",
            "\udfff eco",
            "\\",
            "'",
            "&|!():*",
            "eco:* & !quartier | (x)",
            "' OR 1=1 --",
            "%_%",
            "a" * 50_001,
            "eco " * 500,
            "[" * 1000,
            "{" * 1000 + "}" * 1000,
            "2024-13-45",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "😀",
        ]
    ),
    st.text(max_size=40),
)


def value_for(graphql_type, depth=0):
    """A strategy of JSON values for a GraphQL input type, hostile where text."""
    if isinstance(graphql_type, GraphQLNonNull):
        return value_for(graphql_type.of_type, depth)
    nullable = st.none()
    if isinstance(graphql_type, GraphQLList):
        items = st.lists(value_for(graphql_type.of_type, depth + 1), max_size=3)
        return st.one_of(nullable, items, value_for(graphql_type.of_type, depth + 1))
    if isinstance(graphql_type, GraphQLEnumType):
        return st.one_of(st.sampled_from(list(graphql_type.values)), HOSTILE_STRINGS)
    if isinstance(graphql_type, GraphQLInputObjectType):
        if depth > 3:
            return nullable
        return st.fixed_dictionaries(
            {},
            optional={
                name: value_for(field.type, depth + 1)
                for name, field in graphql_type.fields.items()
            },
        )
    if isinstance(graphql_type, GraphQLScalarType):
        if graphql_type.name == "Int":
            return st.one_of(st.integers(-(2**31), 2**31 - 1), st.integers())
        if graphql_type.name == "Boolean":
            return st.booleans()
        if graphql_type.name == "Float":
            return st.floats(allow_nan=False)
        # String, ID, Date, Upload and custom scalars: text, and nested values.
        nested = st.recursive(
            HOSTILE_STRINGS, lambda inner: st.lists(inner, max_size=2), max_leaves=4
        )
        return st.one_of(HOSTILE_STRINGS, nested)
    return nullable


def type_name(graphql_type) -> str:
    return str(graphql_type)


def selection(field) -> str:
    return "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"


@st.composite
def requests(draw):
    operation, name, field = draw(st.sampled_from(ROOT_FIELDS))
    arguments = {
        argument: draw(value_for(definition.type))
        for argument, definition in field.args.items()
        if draw(st.booleans()) or isinstance(definition.type, GraphQLNonNull)
    }
    inline = draw(st.booleans())
    if inline:
        # raw characters, or GraphQL's own \u escapes (lone surrogates included)
        ascii_only = draw(st.booleans())
        literals = ", ".join(
            f"{argument}: {literal(value, ascii_only)}"
            for argument, value in arguments.items()
        )
        call = f"{name}({literals})" if literals else name
        return {"query": f"{operation} {{ {call}{selection(field)} }}"}
    declared = ", ".join(
        f"${argument}: {type_name(field.args[argument].type)}" for argument in arguments
    )
    passed = ", ".join(f"{argument}: ${argument}" for argument in arguments)
    header = f"{operation} Fuzz({declared})" if declared else f"{operation} Fuzz"
    call = f"{name}({passed})" if passed else name
    return {
        "query": f"{header} {{ {call}{selection(field)} }}",
        "variables": arguments,
    }


def literal(value, ascii_only) -> str:
    """Write a JSON value as a GraphQL literal (strings escaped the JSON way)."""
    if isinstance(value, dict):
        fields = (f"{k}: {literal(v, ascii_only)}" for k, v in value.items())
        return "{" + ", ".join(fields) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, ascii_only) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=ascii_only)


def deep(opening, closing, depth=10_000):
    # deeper than the recursion limit even as Hypothesis raises it during a test
    return opening * depth + closing * depth


# Whole bodies no schema-shaped generator writes: nesting the decoder recurses on.
RAW_BODIES = [
    deep("[", "]"),
    deep('{"a":', "}").replace("}", "1}", 1),
    '{"query": "{ apiVersion }", "variables": {"x": ' + deep("[", "]") + "}}",
    '{"query": "query($q: String!) { search(query: $q) { totalCount } }", '
    '"variables": {"q": ' + deep("[", "]", 500) + "}}",
    '{"query": "{ search(query: ' + deep("[", "]", 600) + ') { totalCount } }"}',
    '{"query": "{ sites ' + deep("{ __typename ", "}", 600) + ' }"}',
]


SEARCH = "query($q: String!) { search(query: $q) { totalCount } }"


def encoded(body) -> bytes:
    # JSON escapes: a lone surrogate arrives as \ud800, as a client would send it
    return json.dumps(body).encode()


@pytest.fixture
def some_content(network_keys):
    from pages.models import ContentPage, Organisation, Signatory

    club, club_home = network_keys["club"]
    add_page(club_home, ContentPage, "Eco quartier")
    Signatory.objects.create(site=club, name="Eco Ville", kind="company")
    Organisation.objects.create(site=club, name="Eco Réseau", kind="network")
    make_document("Eco rapport")
    make_image()


# max_examples comes from the profile (tests/conftest.py): 200 in CI.
@settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(body=st.one_of(requests().map(encoded), st.sampled_from(RAW_BODIES)))
# The cases once reported, always tried besides the generated ones.
@example(body=encoded({"query": SEARCH, "variables": {"q": '"eco'}}))
@example(body=encoded({"query": SEARCH, "variables": {"q": "eco\x00"}}))
@example(body=encoded({"query": SEARCH, "variables": {"q": "a " * 450}}))
@example(body=encoded({"query": SEARCH, "variables": {"q": "\ud800"}}))
@example(body=RAW_BODIES[0])
def test_no_request_built_from_the_schema_gets_a_5xx(client, some_content, body):
    # when
    response = client.post("/graphql/", body, content_type="application/json")
    # then
    assert response.status_code < 500, (body, response.content[:500])
    assert "SERVICE_UNAVAILABLE" not in response.content.decode()


# Any JSON a client may put in a multipart field, hostile strings included.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | HOSTILE_STRINGS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
MAP_PATHS = st.sampled_from(
    ["variables.file", "variables", "query", "variables.x.0", "0", ""]
)


@st.composite
def multipart_bodies(draw):
    """The upload convention's fields: `operations`, `map` and maybe a file."""
    operations = draw(st.one_of(requests(), JSON_VALUES))
    files_map = draw(
        st.one_of(
            st.just({}),
            st.dictionaries(
                st.sampled_from(["0", "1"]),
                st.lists(MAP_PATHS | HOSTILE_STRINGS, max_size=2),
                max_size=2,
            ),
            JSON_VALUES,
        )
    )
    fields = {"operations": json.dumps(operations), "map": json.dumps(files_map)}
    if draw(st.booleans()):
        fields["0"] = SimpleUploadedFile("note.txt", b"eco", "text/plain")
    return fields


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(fields=multipart_bodies())
@example(fields={"operations": "[]", "map": "{}"})
@example(fields={"operations": '"{ apiVersion }"', "map": "{}"})
@example(fields={"operations": '{"query": "{ apiVersion }"}', "map": '{"0": "x"}'})
def test_no_multipart_request_gets_a_5xx(client, some_content, fields):
    # when the fields are sent as multipart/form-data, as an upload would be
    response = client.post("/graphql/", fields)
    # then
    assert response.status_code < 500, (fields, response.content[:500])
