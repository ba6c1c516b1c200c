from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partners' access (API keys) and change events (webhooks)."""

    name = "partners"
    verbose_name = _("partners")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partners import events

        events.connect()
