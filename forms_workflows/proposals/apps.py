from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "forms_workflows.proposals"
    label = "proposals"
    verbose_name = _("Project proposals")
    default_auto_field = "django.db.models.BigAutoField"
