from wagtail import hooks
from wagtail.permissions import register_permission_policy

from forms_workflows.editor_forms.models import FormSubmission
from forms_workflows.editor_forms.review import VIEWSET_NAME, FormSubmissionViewSet
from forms_workflows.review import ReviewPermissionPolicy

register_permission_policy(FormSubmission, ReviewPermissionPolicy(FormSubmission))


@hooks.register("register_admin_viewset")
def register_form_answers():
    return FormSubmissionViewSet(VIEWSET_NAME, url_prefix="form-answers")
