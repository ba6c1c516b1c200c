"""Webhook events: what `pages.public_changes` decides partners are told of.

Only what reaches the public is an event: a publish, an unpublish, the
deletion or move of a live page, a signatory published or withdrawn, a project
awarded; which changes those are is decided in `pages.public_changes`, and
sent on `pages.signals.public_content_changed` with an `event`. Payloads carry
public fields only: type, id, locale, path, title; a page that left the
public's sight (`hidden`) is named by its id and locale only. An editor-built
form's publish is also `form.published`, with what a partner needs to fetch
it with `form(site, slug, locale)`; its answers are never in a webhook.
"""

from wagtail.models import Page

from forms_workflows.editor_forms.models import EditorFormPage
from pages.networks import site_and_path
from pages.signals import public_content_changed
from partners import webhooks

PAGE_PUBLISHED = "page.published"
FORM_PUBLISHED = "form.published"


def page_data(page, url_path=None):
    site, path = site_and_path(page, url_path)
    return site, {
        "type": "page",
        "id": page.pk,
        "locale": page.locale.language_code,
        "urlPath": path,
        "title": page.title,
    }


def page_event(event, page, hidden=False, previous_url_path=None):
    site, data = page_data(page)
    if site is None:
        return
    if hidden:
        data.update(urlPath=None, title=None)
    if previous_url_path is not None:
        data["previousUrlPath"] = previous_url_path
    webhooks.record(event, site, f"page:{page.pk}", data)
    if (
        event == PAGE_PUBLISHED
        and not hidden
        and issubclass(page.specific_class or Page, EditorFormPage)
    ):
        form_event(site, page.specific, data)


def form_event(site, form, page_fields):
    """`form.published`: the form's public description, never an answer."""
    data = {
        **page_fields,
        "type": "form",
        "slug": form.slug,
        "formKey": str(form.translation_key),
        "behaviour": form.behaviour,
        "closesAt": _iso(form.effective_closes_at()),
    }
    webhooks.record(FORM_PUBLISHED, site, f"form:{form.pk}", data)


def _iso(moment):
    return moment.isoformat() if moment else None


def on_public_change(
    sender, event=None, instance=None, site=None, hidden=False, **kwargs
):
    """Record the deliveries of a public change that names an event.

    Senders without `event` (a bulk update that only empties caches) are no
    webhook event.
    """
    if not event or instance is None:
        return
    if isinstance(instance, Page):
        page_event(
            event, instance, hidden, previous_url_path=kwargs.get("previous_url_path")
        )
        return
    if site is None:
        return
    locale = getattr(instance, "locale", None)
    data = {
        "type": event.split(".")[0],
        "id": instance.pk,
        "locale": locale.language_code if locale is not None else None,
        "title": str(getattr(instance, "name", "") or getattr(instance, "title", "")),
    }
    webhooks.record(event, site, f"{data['type']}:{instance.pk}", data)


def connect():
    public_content_changed.connect(on_public_change, dispatch_uid="partners.public")
