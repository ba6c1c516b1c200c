"""Register partners' GraphQL documents as trusted, by their SHA-256.

Each FILE is a `.graphql` file (the whole file is one document, hashed as the
client sends it), a JSON manifest `{"<sha256>": "<document>", ...}`, or an
Apollo persisted-query manifest (`{"operations": [{"id", "body"}, ...]}`).
Every document is checked (hash, size, syntax and validation against the
schema) before any is written: one bad document registers nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from graphql import GraphQLError, parse, validate

from graphql_api.core import persisted


def documents_of(path: Path):
    """[(declared hash or None, document)] of one file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".json":
        return [(None, text)]
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise CommandError(f"{path}: not JSON ({exc})") from exc
    if isinstance(manifest, dict) and isinstance(manifest.get("operations"), list):
        return [(item.get("id"), item.get("body")) for item in manifest["operations"]]
    if isinstance(manifest, dict):
        return list(manifest.items())
    raise CommandError(f"{path}: expected an object of hash → document")


def problem(declared, document):
    from graphql_api.schema import schema

    if not isinstance(document, str) or not document.strip():
        return "empty document"
    if declared is not None and str(declared).lower() != persisted.digest(document):
        return "its hash is not the SHA-256 of the document"
    if len(document.encode("utf-8")) > settings.GRAPHQL_MAX_QUERY_SIZE:
        return "larger than GRAPHQL_MAX_QUERY_SIZE"
    try:
        errors = validate(schema._schema, parse(document))
    except GraphQLError as exc:
        return f"does not parse: {exc.message}"
    if errors:
        return "not valid against the schema: " + errors[0].message
    return None


class Command(BaseCommand):
    help = "Register trusted GraphQL documents (.graphql files or JSON manifests)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        found = []
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            for declared, document in documents_of(path):
                if reason := problem(declared, document):
                    label = f"{path} ({declared})" if declared else str(path)
                    raise CommandError(f"{label}: {reason}; nothing registered")
                found.append((document, path.name))
        created = 0
        with transaction.atomic():
            for document, source in found:
                sha256, new = persisted.register(document, source)
                created += new
                self.stdout.write(f"{sha256} {source}")
        self.stdout.write(
            f"{len(found)} document(s) registered, {created} new.", self.style.SUCCESS
        )
