from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicSearchConfig(AppConfig):
    """An app of its own so its table's migrations never collide with the pages'."""

    name = "pages.search"
    label = "public_search"
    verbose_name = _("Public search")
    default_auto_field = "django.db.models.BigAutoField"
