from django.core.management.base import BaseCommand

from pages.demo.loader import DemoContentLoader


class Command(BaseCommand):
    help = (
        "Create the demo sites, pages and snippets in French and English (idempotent)."
    )

    def handle(self, *args, **options):
        created = DemoContentLoader(
            stdout=self.stdout if options["verbosity"] > 1 else None
        ).run()
        self.stdout.write(f"Demo content: {created} item(s) created.")
