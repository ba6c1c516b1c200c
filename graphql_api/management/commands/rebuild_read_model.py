import time

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from graphql_api.caching.read_model import SHAPE, SHAPE_KEY, model_of, prepare


class Command(BaseCommand):
    help = (
        "Prepare again the read model of every live page (its fields and its "
        "body with what it refers to, every rendition included), in batches "
        "of pages by id. Run it after a deploy that changes what is prepared. "
        "Interrupted, it resumes with --after, the last id it printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=100)
        parser.add_argument(
            "--after", type=int, default=0, help="Start after this page id."
        )
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Only pages without a current prepared answer (none, emptied, "
            "of another revision or shape).",
        )

    def handle(self, *args, batch_size, after, missing_only, **options):
        started = time.monotonic()
        pages = Page.objects.filter(live=True, pk__gt=after).order_by("pk")
        total = pages.count()
        prepared = seen = 0
        self.stdout.write(f"{total} live page(s) to go through.")
        while True:
            batch = list(
                pages.filter(pk__gt=after).values_list(
                    "pk",
                    "content_type_id",
                    "live_revision_id",
                    "api_read_model__revision_id",
                    "api_read_model__data__" + SHAPE_KEY,
                )[:batch_size]
            )
            if not batch:
                break
            ids_by_model: dict = {}
            for pk, content_type_id, live, revision, shape in batch:
                if missing_only and revision == live and shape == SHAPE:
                    continue
                ids_by_model.setdefault(model_of(content_type_id), []).append(pk)
            if ids_by_model:
                # the rows are written when the batch's transaction commits
                with transaction.atomic():
                    prepared += len(prepare(ids_by_model, complete=True))
            seen += len(batch)
            after = batch[-1][0]
            self.stdout.write(
                f"{seen}/{total} page(s) gone through, {prepared} prepared, "
                f"up to id {after} ({time.monotonic() - started:.1f} s)."
            )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Prepared {prepared} of {total} live page(s) in {elapsed:.1f} s."
            )
        )
