"""Wagtail Localize's listing buttons, decided for a whole listing in its query.

For every row of a listing, Wagtail Localize's own hooks ask the database
whether a language is left to translate the row into, and whether the row is
the source of an enabled translation (for "Translate" and "Sync"): three to
four queries a row, about 40 for a page explorer of ten pages and 80 for a
page of snippets. `with_translation_state` answers both questions for every
row in the listing's own query; the hooks registered here in place of Wagtail
Localize's read those answers, and ask as before for an object that has none
(a page's header, a search result).
"""

from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets.button import Button
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import TranslationSource

UNTRANSLATED = "_localize_untranslated_locale"
SYNC_SOURCE = "_localize_sync_source_id"


def with_translation_state(queryset):
    """Annotate each row with a language left to translate into, and its sync source."""
    model = queryset.model
    base = model.get_translation_model() if model is not Page else Page
    translations = base._default_manager.filter(
        translation_key=OuterRef(OuterRef("translation_key"))
    )
    if base is Page:
        translations = translations.filter(alias_of__isnull=True)
    sources = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"),
        object__content_type=ContentType.objects.get_for_model(base),
        locale_id=OuterRef("locale_id"),
        translations__enabled=True,
    )
    return queryset.annotate(
        **{
            UNTRANSLATED: Exists(
                Locale.objects.exclude(id__in=translations.values("locale_id"))
            ),
            SYNC_SOURCE: Subquery(sources.values("pk")[:1]),
        }
    )


def sync_url(source_id, next_url):
    url = reverse("wagtail_localize:update_translations", args=[source_id])
    return url + ("?" + urlencode({"next": next_url}) if next_url else "")


def page_listing_buttons(page, user, view_name=None, next_url=None):
    if not hasattr(page, UNTRANSLATED):
        yield from localize_hooks.page_listing_more_buttons(
            page, user, view_name=view_name, next_url=next_url
        )
        return
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    if getattr(page, UNTRANSLATED):
        yield Button(
            _("Translate this page"),
            reverse(
                "wagtail_localize:submit_page_translation",
                args=[page.alias_of_id or page.id],
            ),
            priority=60,
            icon_name="wagtail-localize-language",
        )
    if getattr(page, SYNC_SOURCE):
        yield Button(
            _("Sync translated pages"),
            sync_url(getattr(page, SYNC_SOURCE), next_url),
            priority=60,
            icon_name="resubmit",
        )


def snippet_listing_buttons(snippet, user, next_url=None):
    if not hasattr(snippet, UNTRANSLATED):
        yield from localize_hooks.register_snippet_listing_buttons(
            snippet, user, next_url=next_url
        )
        return
    if not user.has_perm("wagtail_localize.submit_translation"):
        return
    model = type(snippet)
    if getattr(snippet, UNTRANSLATED):
        yield Button(
            _("Translate"),
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=[model._meta.app_label, model._meta.model_name, quote(snippet.pk)],
            ),
            attrs={"aria-label": _("Translate '%(title)s'") % {"title": str(snippet)}},
            icon_name="wagtail-localize-language",
            priority=100,
        )
    if getattr(snippet, SYNC_SOURCE):
        yield Button(
            _("Sync translated snippets"),
            sync_url(getattr(snippet, SYNC_SOURCE), next_url),
            attrs={
                "aria-label": _("Sync translations of '%(title)s'")
                % {"title": str(snippet)}
            },
            icon_name="resubmit",
            priority=106,
        )


def replace_hooks(hooks):
    """Put these hooks in the place of Wagtail Localize's listing ones."""
    replaced = {
        "register_page_listing_more_buttons": (
            localize_hooks.page_listing_more_buttons,
            page_listing_buttons,
        ),
        "register_snippet_listing_buttons": (
            localize_hooks.register_snippet_listing_buttons,
            snippet_listing_buttons,
        ),
    }
    for name, (theirs, ours) in replaced.items():
        registered = hooks._hooks.get(name, [])
        hooks._hooks[name] = [
            (ours if fn is theirs else fn, order) for fn, order in registered
        ]
