from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "forms_workflows.proposals"
    label = "proposals"
    verbose_name = _("Project proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forms_workflows import registry
        from forms_workflows.proposals import models
        from forms_workflows.proposals.models import ProjectProposal
        from forms_workflows.proposals.workflow import PROPOSAL_WORKFLOW
        from pages import public_changes

        # The proposal has its own status page (proposals.hosted).
        registry.register(
            ProjectProposal,
            PROPOSAL_WORKFLOW,
            status_path=ProjectProposal.follow_up_path,
        )
        # Its public records: a project once a stage of the label is awarded.
        public_changes.register(models.Campaign, models.LabelAward)
        public_changes.register(models.Project, when=lambda p: p.awards.exists())
