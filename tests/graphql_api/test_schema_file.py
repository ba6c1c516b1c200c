"""schema.graphql is the reviewed contract: it must match the served schema."""

from django.core.management import call_command

from graphql_api.management.commands.export_schema import schema_path, served_schema


def test_the_committed_schema_file_matches_the_served_schema():
    committed = schema_path().read_text(encoding="utf-8")
    assert committed == served_schema(), (
        "schema.graphql is out of date: run `manage.py export_schema` and review "
        "the change to the partner contract."
    )


def test_export_schema_check_passes_when_the_file_is_current():
    call_command("export_schema", "--check")
