from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

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
        from forms_workflows.hosted import serve_adhesion_form

        return serve_adhesion_form(self, request)

    def serve_preview(self, request, mode_name):
        from forms_workflows.hosted import render_form

        return render_form(self, request, form=None)

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
