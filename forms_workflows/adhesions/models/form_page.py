"""The hosted adhesion form of a charter: a page that serves itself.

As `wagtail.contrib.forms` pages do, the page builds its form, hands the
answers to the service (`submit_adhesion`, the path the API takes too) and
renders the confirmation. Plain HTML forms: no JavaScript needed.
"""

import uuid

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from forms_workflows import guards
from forms_workflows.adhesions.forms import (
    POSTED_FIELDS,
    CharterAdhesionForm,
    anchor,
    field_label,
    plan_from_post,
    plan_rows,
    proposed_categories,
)
from forms_workflows.adhesions.models.adhesion import CharterAdhesion
from forms_workflows.adhesions.services import submit_adhesion

CONFIRMATION_SESSION_KEY = "forms_workflows_adhesion_reference"


class AdhesionFormPage(Page):
    """The hosted adhesion form of a charter: server-rendered, works without JavaScript."""

    introduction = RichTextField(_("introduction"), blank=True)
    confirmation_text = RichTextField(
        _("confirmation text"),
        blank=True,
        help_text=_("Shown once the application is sent, above its reference."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("confirmation_text"),
    ]
    parent_page_types = ["pages.CharterPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("adhesion form page")

    @property
    def charter_page(self):
        return self.get_parent().specific

    def serve(self, request, *args, **kwargs):
        # Every display carries fresh CSRF and timing tokens: never from a cache.
        response = self._serve(request)
        add_never_cache_headers(response)
        return response

    def _serve(self, request):
        if request.method == "POST":
            submission = submit_adhesion(
                self.form_data(request.POST),
                charter_page=self.charter_page,
                ip=guards.client_ip(request),
                idempotency_key=request.POST.get("idempotency_key"),
            )
            if submission.adhesion:
                return self.redirect_to_confirmation(request, submission.adhesion)
            errors = [
                (error, anchor(error), field_label(submission.form, error))
                for error in submission.errors
            ]
            return self.render_form(
                request,
                form=submission.form,
                errors=errors,
                status=429 if submission.rate_limited else 200,
            )
        if request.GET.get("sent") and request.session.get(CONFIRMATION_SESSION_KEY):
            adhesion = CharterAdhesion.objects.filter(
                reference=request.session[CONFIRMATION_SESSION_KEY]
            ).first()
            if adhesion:
                return self.confirmation_response(request, adhesion)
        return self.render_form(request)

    def serve_preview(self, request, mode_name):
        return self.render_form(request, form=None)

    def form_data(self, post):
        """The answers of the form's POST, as the service and the API take them."""
        data = {name: post.get(name, "") for name in POSTED_FIELDS}
        data["consent"] = post.get("consent") == "on"
        data["language"] = self.locale.language_code
        data["collaboration_plan"] = plan_from_post(
            post, proposed_categories(self.charter_page)
        )
        return data

    def render_form(self, request, form=None, errors=(), status=200):
        post = request.POST if request.method == "POST" else None
        if form is None:
            form = CharterAdhesionForm(
                initial={"language": self.locale.language_code}, auto_id="id_%s"
            )
        proposed_rows, own_rows = plan_rows(
            proposed_categories(self.charter_page), post
        )
        context = {
            "page": self,
            "self": self,
            "form": form,
            "errors": errors,
            "form_token": guards.reissue_form_token(post.get("form_token"))
            if post
            else guards.issue_form_token(),
            "idempotency_key": (post or {}).get("idempotency_key") or uuid.uuid4().hex,
            "honeypot_field": guards.HONEYPOT_FIELD,
            "proposed_rows": proposed_rows,
            "own_rows": own_rows,
            "consent": bool(post and post.get("consent")),
        }
        return TemplateResponse(
            request, "forms_workflows/adhesion_form_page.html", context, status=status
        )

    def confirmation_response(self, request, adhesion):
        return TemplateResponse(
            request,
            "forms_workflows/adhesion_confirmation.html",
            {"page": self, "self": self, "adhesion": adhesion},
        )

    def redirect_to_confirmation(self, request, adhesion):
        request.session[CONFIRMATION_SESSION_KEY] = adhesion.reference
        # Relative to the request, so the browser stays on the host and port it used.
        return redirect(self.get_url(request) + "?sent=1")
