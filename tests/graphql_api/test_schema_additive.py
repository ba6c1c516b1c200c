"""The served schema only adds to version 2's contract (docs/schema/v2.graphql).

docs/schema/v2.graphql is schema.graphql as version 2 was published (commit
0a26ecd); graphql-core's `find_breaking_changes` reads the two the way
graphql-inspector does for its "breaking" class: a type, field, argument or
enum value removed or retyped, a new required argument or input field.
"""

from pathlib import Path

from graphql import build_schema, find_breaking_changes

from graphql_api.management.commands.export_schema import served_schema

VERSION_2 = Path(__file__).resolve().parents[2] / "docs" / "schema" / "v2.graphql"


def test_the_served_schema_breaks_nothing_of_version_2():
    before = build_schema(VERSION_2.read_text(encoding="utf-8"))
    after = build_schema(served_schema())
    breaking = find_breaking_changes(before, after)
    assert [f"{c.type.name}: {c.description}" for c in breaking] == []


def test_the_check_sees_a_removed_field():
    # given version 2 with one field of Signatory fewer than served
    before = build_schema(served_schema())
    after = build_schema(served_schema().replace("  signedOn: Date\n", "", 1))
    # then that removal is reported as breaking
    assert [c.description for c in find_breaking_changes(before, after)] == [
        "Field Signatory.signedOn was removed."
    ]
