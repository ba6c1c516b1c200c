import re

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from partners.keys import create_key

RATE = re.compile(r"^(\d+)/(minute|hour)$")


def rate(value, unit):
    match = RATE.match(value or "")
    if not match or match.group(2) != unit:
        raise CommandError(f"Give the rate as N/{unit}, e.g. 60/{unit}.")
    return int(match.group(1))


class Command(BaseCommand):
    help = "Create an API key for a network and print its secret, once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            action="append",
            required=True,
            help="network key or hostname (repeat for several)",
        )
        parser.add_argument("--name", required=True)
        parser.add_argument("--organisation", default="")
        parser.add_argument("--rate", help="read rate, e.g. 600/minute")
        parser.add_argument("--submissions", help="submission quota, e.g. 20/hour")
        parser.add_argument("--origin", action="append", default=[])

    def handle(self, *args, **options):
        from pages.models import NetworkSettings

        sites = []
        for wanted in options["site"]:
            site = (
                Site.objects.filter(hostname__iexact=wanted).first()
                or Site.objects.filter(
                    pk__in=NetworkSettings.objects.filter(key=wanted).values("site")
                ).first()
            )
            if site is None:
                raise CommandError(f"No network has the key or hostname {wanted!r}.")
            sites.append(site)
        key, secret = create_key(
            name=options["name"],
            organisation=options["organisation"] or options["name"],
            sites=sites,
            read_rate=rate(options["rate"], "minute") if options["rate"] else None,
            submission_quota=(
                rate(options["submissions"], "hour") if options["submissions"] else None
            ),
            allowed_origins="\n".join(options["origin"]),
        )
        self.stderr.write(f"API key {key.public_id} created; its secret, shown once:")
        self.stdout.write(secret)
