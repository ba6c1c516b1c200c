from django.core.management.base import BaseCommand

from pages.public_files import place_all_files


class Command(BaseCommand):
    help = (
        "Move each document's file to the store its collection calls for: the "
        "restricted store for restricted collections, the public one otherwise "
        "(idempotent)."
    )

    def handle(self, *args, **options):
        moved = place_all_files()
        self.stdout.write(f"Documents: {moved} file(s) moved.")
