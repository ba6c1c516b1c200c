from django.core.management.base import BaseCommand

from graphql_api.caching import answers


class Command(BaseCommand):
    help = (
        "Empty again the cached API answers whose emptying the shared cache "
        "(Redis) did not take, then purge the HTTP caches. Run it every minute."
    )

    def handle(self, *args, **options):
        done = answers.retry_missed()
        if options["verbosity"]:
            self.stdout.write(f"{done} missed emptying(s) done.")
