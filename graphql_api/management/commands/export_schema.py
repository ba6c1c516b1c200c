"""Write the served GraphQL schema to schema.graphql, the reviewed contract."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def schema_path() -> Path:
    return Path(settings.BASE_DIR) / "schema.graphql"


def served_schema() -> str:
    from graphql_api.schema import schema

    return schema.as_str().rstrip("\n") + "\n"


class Command(BaseCommand):
    help = "Export the partner GraphQL schema to schema.graphql at the repository root."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if schema.graphql differs from the served schema.",
        )

    def handle(self, *args, check=False, **options):
        path = schema_path()
        text = served_schema()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(
                    f"{path.name} differs from the served schema: "
                    "run `manage.py export_schema` and review the change."
                )
            self.stdout.write(f"{path.name} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
