from django.core.management.base import BaseCommand

from pages.removals import prune


class Command(BaseCommand):
    help = (
        "Delete the record of removals from the public view older than "
        "PUBLIC_REMOVALS_RETENTION_DAYS (run it daily)."
    )

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(
            f"Removals: {deleted} record(s) older than the retention deleted."
        )
