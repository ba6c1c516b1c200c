from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from forms_workflows.editor_forms import hosted
from forms_workflows.editor_forms.models import EditorFormPage, FormSubmission
from forms_workflows.editor_forms.review import VIEWSET_NAME, FormSubmissionViewSet
from forms_workflows.review import ReviewPermissionPolicy

register_permission_policy(FormSubmission, ReviewPermissionPolicy(FormSubmission))


@hooks.register("register_admin_viewset")
def register_form_answers():
    return FormSubmissionViewSet(VIEWSET_NAME, url_prefix="form-answers")


@hooks.register("register_admin_menu_item")
def register_form_results_menu_item():
    return ResultsMenuItem(
        _("Form results"),
        reverse("editor_forms_formsubmission:forms"),
        icon_name="table",
        order=271,
    )


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(FormSubmission.workflow.review_permission)


# After the other pages' hooks (an expired page is a 404 first): the form page
# answers its visitors itself, as a `wagtail.contrib.forms` page does in `serve`.
@hooks.register("before_serve_page", order=10)
def serve_form_page(page, request, serve_args, serve_kwargs):
    if isinstance(page, EditorFormPage):
        return hosted.serve(page, request)
    return None
