from django.core.management.base import BaseCommand

from forms_workflows.editor_forms.reminders import remind_due


class Command(BaseCommand):
    help = (
        "E-mail a reminder to each confirmed registration whose event starts "
        "within the next day (run it every hour); each is reminded once."
    )

    def handle(self, *args, **options):
        done = remind_due()
        # References only: this output ends up in cron mails and logs.
        for submission in done:
            self.stdout.write(f"reminded {submission.reference}")
        self.stdout.write(f"{len(done)} registration(s) reminded")
