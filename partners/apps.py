from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partners' access (API keys) and change events (webhooks)."""

    name = "partners"
    verbose_name = _("partners")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        # partners.tasks connects the queueing of due webhook deliveries.
        from partners import events, keys, tasks  # noqa: F401
        from partners.models import ApiKey

        events.connect()
        post_save.connect(keys.forget_origins, sender=ApiKey)
        post_delete.connect(keys.forget_origins, sender=ApiKey)
