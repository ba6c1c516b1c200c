from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsWorkflowsConfig(AppConfig):
    name = "forms_workflows"
    verbose_name = _("Applications")
