from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Content")

    def ready(self):
        from pages import public_changes, removals, signals

        signals.connect()
        public_changes.connect()
        removals.connect()
