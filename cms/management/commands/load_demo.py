"""Load every app's demo data in dependency order, then the demo accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from forms_workflows.networks import GLOBAL_REVIEWERS_GROUP, reviewers_group_name
from pages.networks import editors_group_name, moderators_group_name

# Each app's idempotent demo command, lowest floor first (see DESIGN.md): an
# app adds its own here, after the apps it depends on.
DEMO_COMMANDS = [
    "load_demo_content",
    "load_demo_applications",
    "load_demo_proposals",
    "load_demo_forms",
]

# Demo only: these accounts exist in `make demo`, never in production settings
# (DEMO_ACCOUNTS_ALLOWED is False there; see `handle`).
DEMO_PASSWORD = "demo-password"
DEMO_ACCOUNTS = [
    # username, role (for docs/demo-accounts.md), superuser, groups
    ("admin", "administrator (all sites)", True, []),
    (
        "editor-club",
        "editor, Club national ÉcoQuartier",
        False,
        [editors_group_name("club")],
    ),
    (
        "moderator-club",
        "moderator, Club national ÉcoQuartier",
        False,
        [moderators_group_name("club")],
    ),
    (
        "editor-req",
        "editor, Regroupement des éco-quartiers",
        False,
        [editors_group_name("req")],
    ),
    (
        "editor-regies",
        "editor, Régies de quartier",
        False,
        [editors_group_name("regies")],
    ),
    (
        "reviewer",
        "reviewer of applications (all sites)",
        False,
        [GLOBAL_REVIEWERS_GROUP],
    ),
    (
        "reviewer-club",
        "reviewer of applications, Club national ÉcoQuartier only",
        False,
        [reviewers_group_name("club")],
    ),
    (
        "reviewer-regies",
        "reviewer of applications, Régies de quartier only",
        False,
        [reviewers_group_name("regies")],
    ),
    ("expert-1", "expert of the label, assigned proposals only", False, ["Experts"]),
    ("expert-2", "expert of the label, assigned proposals only", False, ["Experts"]),
    ("commission", "label commission (decides)", False, ["Label commission"]),
]

# Wagtail's Account screen requires a first and last name to save anything,
# the language preference included.
DEMO_NAMES = {
    "admin": ("Camille", "Martin"),
    "editor-club": ("Léa", "Dubois"),
    "moderator-club": ("Hugo", "Bernard"),
    "editor-req": ("Émilie", "Tremblay"),
    "editor-regies": ("Karim", "Haddad"),
    "reviewer": ("Sophie", "Laurent"),
    "reviewer-club": ("Julien", "Petit"),
    "reviewer-regies": ("Nadia", "Benali"),
    "expert-1": ("Claire", "Moreau"),
    "expert-2": ("Thomas", "Roux"),
    "commission": ("Anne", "Lefèvre"),
}


class Command(BaseCommand):
    help = "Load the demo content and accounts (idempotent) and print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="Run even where DEMO_ACCOUNTS_ALLOWED is off (production "
            "settings): the accounts share one published password.",
        )

    def handle(self, *args, allow_demo_accounts=False, **options):
        # Every demo account, "admin" included, has a password printed in the
        # docs: on a real server that is an open door. Refuse before writing.
        if not (settings.DEMO_ACCOUNTS_ALLOWED or allow_demo_accounts):
            raise CommandError(
                "load_demo creates accounts with a published password "
                f"({', '.join(name for name, *_ in DEMO_ACCOUNTS)}); these settings "
                "do not allow them (DEMO_ACCOUNTS_ALLOWED is off). Use the dev "
                "settings, or pass --allow-demo-accounts on a throw-away server."
            )
        for command in DEMO_COMMANDS:
            call_command(command, verbosity=options["verbosity"])
        for username, _role, superuser, groups in DEMO_ACCOUNTS:
            self.ensure_account(username, superuser, groups)
        self.stdout.write(f"Demo logins (password for every account: {DEMO_PASSWORD}):")
        for username, role, _superuser, _groups in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<16} {role}")

    def ensure_account(self, username, superuser, group_names):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.invalid", "is_staff": True},
        )
        # An app's demo may have made the account (an expert it assigns) first.
        if created or not user.has_usable_password():
            user.is_superuser = superuser
            user.set_password(DEMO_PASSWORD)
            user.save()
        first_name, last_name = DEMO_NAMES[username]
        # Names someone changed in Account are theirs: fill only the empty ones.
        if not (user.first_name and user.last_name):
            user.first_name = user.first_name or first_name
            user.last_name = user.last_name or last_name
            user.save(update_fields=["first_name", "last_name"])
        groups = Group.objects.filter(name__in=group_names)
        if len(groups) != len(group_names):
            raise LookupError(f"{username}: missing group among {group_names}")
        user.groups.add(*groups)
        return user
