from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsWorkflowsConfig(AppConfig):
    name = "forms_workflows"
    verbose_name = _("Applications")

    def ready(self):
        from forms_workflows.models import CharterAdhesion
        from pages import decided_fields
        from pages.models import Signatory

        def published_by_an_adhesion(signatory):
            return CharterAdhesion.objects.filter(
                signatory__translation_key=signatory.translation_key
            ).exists()

        # Approval publishes it, revocation withdraws it: both are in the log.
        decided_fields.register(
            Signatory, ("is_active", "site"), published_by_an_adhesion
        )
