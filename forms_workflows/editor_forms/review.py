"""The answers to editor-built forms in the Wagtail admin: listing, detail, exports.

Reviewers see the answers of the networks they review (the core's
`ReviewPermissionPolicy`); an anonymous survey's answers carry no identity.
"""

from django.urls import path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from forms_workflows.editor_forms import admin_views
from forms_workflows.editor_forms.models import FormSubmission
from forms_workflows.review import (
    ApplicationInspectView,
    ApplicationViewSet,
    status_column,
    submitted_column,
    unsent_column,
)

VIEWSET_NAME = "editor_forms_formsubmission"


class FormSubmissionInspectView(ApplicationInspectView):
    def get_field_display_value(self, field_name, field):
        if field_name == "answers":
            return answers_html(self.object)
        return super().get_field_display_value(field_name, field)


def answers_html(submission):
    """The answers as a definition list, labelled as the form labels them now."""
    form = submission.form
    labels = {}
    choices = {}
    if form is not None:
        definition_fields = form.definition_fields()
        labels = {spec.name: spec.label for spec in definition_fields}
        choices = {spec.name: spec for spec in definition_fields if spec.choices}

    def shown(name, value):
        spec = choices.get(name)
        if isinstance(value, list):
            return ", ".join(spec.choice_label(v) if spec else v for v in value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return spec.choice_label(value) if spec else value

    rows = [
        (labels.get(name, name), shown(name, value))
        for name, value in submission.answers.items()
    ]
    rows += [
        (labels.get(f.field_name, f.field_name), f.original_name)
        for f in submission.files.all()
    ]
    if not rows:
        return "—"
    return format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows)


class FormSubmissionViewSet(ApplicationViewSet):
    model = FormSubmission
    menu_label = _("Form answers")
    menu_order = 270
    icon = "form"
    list_related = ("site", "form")
    inspect_view_class = FormSubmissionInspectView
    list_display = [
        "reference",
        "form",
        status_column(),
        "contact_email",
        "site",
        submitted_column("created_at"),
        unsent_column(),
    ]
    list_filter = ["status", "behaviour", "form", "site", "created_at"]
    search_fields = ["reference", "contact_name", "contact_email"]
    list_export = [
        "reference",
        "form",
        "status",
        "created_at",
        "contact_name",
        "contact_email",
        "language",
    ]
    export_filename = "form-answers"
    inspect_view_fields = [
        "reference",
        "form",
        "behaviour",
        "contact_name",
        "contact_email",
        "language",
        "answers",
        "consent_given_at",
        "created_at",
    ]
    inspect_empty = {"contact_email": _("none: anonymous or not asked")}

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("forms/", admin_views.forms_index, name="forms"),
            path("forms/<int:page_id>/", admin_views.form_results, name="form_results"),
            path(
                "forms/<int:page_id>/answers.<str:export_format>",
                admin_views.export_answers,
                name="export_answers",
            ),
            path(
                "forms/<int:page_id>/confirmed.<str:export_format>",
                admin_views.export_confirmed,
                name="export_confirmed",
            ),
            path("files/<int:pk>/", admin_views.answer_file, name="answer_file"),
            path(
                "forms/<int:page_id>/invite/",
                admin_views.send_invitations,
                name="send_invitations",
            ),
        ]
