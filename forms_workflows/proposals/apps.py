from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "forms_workflows.proposals"
    label = "proposals"
    verbose_name = _("Project proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forms_workflows import registry
        from forms_workflows.proposals.models import ProjectProposal
        from forms_workflows.proposals.workflow import PROPOSAL_WORKFLOW

        # The proposal has its own status page (proposals.hosted).
        registry.register(
            ProjectProposal,
            PROPOSAL_WORKFLOW,
            status_path=ProjectProposal.follow_up_path,
        )
