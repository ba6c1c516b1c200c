from django.core.management.base import BaseCommand

from forms_workflows.editor_forms import demo


class Command(BaseCommand):
    help = "Add the demo's editor-built forms and their answers (idempotent)."

    def handle(self, *args, **options):
        count = demo.load()
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} demo form answer(s)")
