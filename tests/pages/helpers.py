"""Build small networks for the tests: a site, its French home and English home."""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import rich_text
from wagtail_localize.models import Translation

from pages.models import HomePage, NetworkSettings
from pages.permissions import create_site_groups


def locales():
    french = Locale.objects.get_or_create(language_code="fr")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    return french, english


def make_network(key, *, default=False):
    """Return a site whose French home has a published English translation."""
    french, english = locales()
    root = Page.get_first_root_node()
    home = HomePage(title=f"Accueil {key}", slug=f"accueil-{key}", locale=french)
    root.add_child(instance=home)
    home.save_revision().publish()
    english_home = home.copy_for_translation(english)
    english_home.save_revision().publish()
    site = Site.objects.create(
        hostname=f"{key}.localhost",
        port=80,
        root_page=home,
        site_name=key,
        is_default_site=default,
    )
    NetworkSettings.objects.create(site=site, key=key)
    return site


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(
        username=username,
        password="secret-password",
        is_staff=True,
        is_superuser=superuser,
    )
    user.groups.add(*groups)
    return user


def make_editor(site, key, username="editor"):
    editors, _moderators = create_site_groups(site, key)
    return make_user(username, editors)


def listblock(items):
    """Return ListBlock form data, like `streamfield` does for a StreamField."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index)}
        for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def paragraph(text):
    return rich_text(f"<p>{text}</p>")


def translate_title(client, page, text):
    """What the translation editor does as the editor types the title's translation."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    segment = translation.source.stringsegment_set.get(context__path="title")
    response = client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        urlencode({"value": text}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)


def error_codes(error):
    """Return every error code inside a (possibly nested) form or block error."""
    if isinstance(error, dict):
        return {code for value in error.values() for code in error_codes(value)}
    if isinstance(error, list | tuple):
        return {code for value in error for code in error_codes(value)}
    codes = set()
    for attribute in ("block_errors", "non_block_errors"):
        nested = getattr(error, attribute, None)
        if nested:
            if hasattr(nested, "as_data"):
                nested = nested.as_data()
            codes |= error_codes(nested)
    if isinstance(error, ValidationError) and not codes:
        if hasattr(error, "error_dict"):
            return error_codes(error.error_dict)
        if hasattr(error, "code") and error.code:
            return {error.code}
        return {e.code for e in error.error_list if e.code}
    return codes
