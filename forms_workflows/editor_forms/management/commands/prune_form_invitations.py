from django.core.management.base import BaseCommand
from django.utils import timezone

from forms_workflows.editor_forms.retention import prune_invitations


class Command(BaseCommand):
    help = (
        "Delete the survey invitations (members' addresses) sent longer ago than "
        "their form's retention period (run it daily)."
    )

    def handle(self, *args, **options):
        deleted = prune_invitations(timezone.now())
        self.stdout.write(f"{deleted} invitation(s) deleted")
