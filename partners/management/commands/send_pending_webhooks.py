from django.core.management.base import BaseCommand

from partners import webhooks


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries that are due: retries, and those a stopped "
        "worker left. Run it every minute (cron)."
    )

    def handle(self, *args, **options):
        made = webhooks.send_due()
        if options["verbosity"]:
            self.stdout.write(f"{made} webhook attempt(s) made.")
