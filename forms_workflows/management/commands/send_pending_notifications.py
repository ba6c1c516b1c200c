from django.core.management.base import BaseCommand

from forms_workflows.notifications import retry_unsent


class Command(BaseCommand):
    help = "Send again the application e-mails that could not be sent (run it hourly)."

    def handle(self, *args, **options):
        sent = retry_unsent()
        self.stdout.write(f"{sent} notification(s) sent")
