from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "forms_workflows.proposals"
    label = "proposals"
    verbose_name = _("Project proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Upward wiring, allowed here only: the kind registers with the core.
        from forms_workflows.proposals import models, public, workflow
        from pages import public_changes, public_rows

        workflow.register()
        # Its public records: a project once a stage of the label is awarded.
        public_changes.register(models.Campaign, models.LabelAward)
        public_changes.register(models.Project, when=lambda p: p.awards.exists())
        # Partners hold each award by id (`LabelledProject.id`): one deleted
        # is a removal for the network whose list showed it.
        public_rows.listed(models.LabelAward, network=public.network_of)
