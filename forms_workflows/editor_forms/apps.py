from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorFormsConfig(AppConfig):
    name = "forms_workflows.editor_forms"
    label = "editor_forms"
    verbose_name = _("Forms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Upward wiring, allowed here only: the kind registers with the core.
        from forms_workflows.editor_forms import workflow

        workflow.register()
