from django.core.management.base import BaseCommand

from partners import keys, webhooks


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries that are due: retries, and those a stopped "
        "worker left; write the API keys' counted requests to their daily use. "
        "Run it every minute (cron)."
    )

    def handle(self, *args, **options):
        made = webhooks.send_due()
        counted = keys.flush_use()
        if options["verbosity"]:
            self.stdout.write(f"{made} webhook attempt(s) made.")
            self.stdout.write(f"{counted} API key request(s) counted.")
