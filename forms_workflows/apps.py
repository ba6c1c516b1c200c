from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsWorkflowsConfig(AppConfig):
    name = "forms_workflows"
    verbose_name = _("Applications")

    def ready(self):
        # Upward wiring, allowed here only. The charter adhesion is a kind this
        # app holds in a sub-package (it keeps the app label): it registers with
        # the core here, as `forms_workflows.proposals` does from its own ready().
        from forms_workflows.adhesions import workflow as adhesions
        from forms_workflows.networks import create_reviewers_group
        from pages.permissions import site_groups_created

        adhesions.register()
        # A network gets its reviewers' group wherever its editors' groups are made.
        site_groups_created.connect(
            create_reviewers_group, dispatch_uid="forms_workflows_reviewers"
        )
