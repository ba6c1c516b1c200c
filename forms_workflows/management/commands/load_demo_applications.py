from django.core.management.base import BaseCommand

from forms_workflows.adhesions import demo


class Command(BaseCommand):
    help = "Add the hosted adhesion forms and demo applications (idempotent)."

    def handle(self, *args, **options):
        created = demo.load()
        if options["verbosity"] > 0:
            self.stdout.write(f"{created} demo application(s) created")
