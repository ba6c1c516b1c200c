from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsWorkflowsConfig(AppConfig):
    name = "forms_workflows"
    verbose_name = _("Applications")

    def ready(self):
        # Upward wiring, allowed here only: the kinds register with the core.
        from forms_workflows import registry
        from forms_workflows.adhesion_workflow import ADHESION_WORKFLOW
        from forms_workflows.models import CharterAdhesion
        from forms_workflows.networks import create_reviewers_group
        from pages import decided_fields
        from pages.models import Signatory
        from pages.permissions import site_groups_created

        registry.register(CharterAdhesion, ADHESION_WORKFLOW)

        def published_by_an_adhesion(signatory):
            return CharterAdhesion.objects.filter(
                signatory__translation_key=signatory.translation_key
            ).exists()

        # Approval publishes it, revocation withdraws it: both are in the log.
        decided_fields.register(
            Signatory, ("is_active", "site"), published_by_an_adhesion
        )
        # A network gets its reviewers' group wherever its editors' groups are made.
        site_groups_created.connect(
            create_reviewers_group, dispatch_uid="forms_workflows_reviewers"
        )
