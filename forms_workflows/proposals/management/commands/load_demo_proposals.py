from django.core.management.base import BaseCommand

from forms_workflows.proposals import demo


class Command(BaseCommand):
    help = "Add the demo label campaigns, projects and proposals (idempotent)."

    def handle(self, *args, **options):
        created = demo.load()
        if options["verbosity"] > 0:
            self.stdout.write(f"{created} demo project proposal(s) created")
