"""Compile every .po catalogue of the project to .mo with polib.

Django's compilemessages needs GNU gettext on the machine; polib (a Wagtail
Localize dependency) does the same job with nothing but Python.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

APPS = (
    "cms",
    "pages",
    "forms_workflows",
    "forms_workflows/proposals",
    "forms_workflows/editor_forms",
    "graphql_api",
    "partners",
)


class Command(BaseCommand):
    help = "Compile the project's French and English catalogues (.po to .mo)."

    def handle(self, *args, **options):
        compiled = 0
        for app in APPS:
            for po_path in sorted(
                (Path(settings.BASE_DIR) / app).glob("locale/*/LC_MESSAGES/*.po")
            ):
                mo_path = po_path.with_suffix(".mo")
                if (
                    mo_path.exists()
                    and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                ):
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        if options["verbosity"] > 1:
            self.stdout.write(f"{compiled} catalogue(s) compiled")
