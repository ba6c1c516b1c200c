"""Load every app's demo data in dependency order, then the demo accounts."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Demo only: these accounts exist in `make demo`, never in production settings.
DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = [
    # username, role (for the README table), superuser, groups
    ("admin", "administrator", True, []),
]


class Command(BaseCommand):
    help = "Load the demo content and accounts (idempotent) and print the logins."

    def handle(self, *args, **options):
        call_command("load_demo_content", verbosity=options["verbosity"])
        User = get_user_model()
        for username, _role, superuser, _groups in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@demo.invalid", "is_staff": True},
            )
            if created:
                user.is_superuser = superuser
                user.set_password(DEMO_PASSWORD)
                user.save()
        self.stdout.write(f"Demo logins (password for every account: {DEMO_PASSWORD}):")
        for username, role, _superuser, _groups in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {role}")
