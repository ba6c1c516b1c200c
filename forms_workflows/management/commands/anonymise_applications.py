from django.core.management.base import BaseCommand

from forms_workflows.retention import anonymise_due


class Command(BaseCommand):
    help = (
        "Erase the personal data of applications closed for longer than "
        "FORMS_WORKFLOWS_RETENTION_DAYS allows (run it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        done = anonymise_due(dry_run=dry_run)
        verb = "would anonymise" if dry_run else "anonymised"
        # References only: this output ends up in cron mails and logs.
        for application in done:
            self.stdout.write(f"{verb} {application.reference}")
        self.stdout.write(f"{len(done)} application(s) {verb}")
