"""Every admin screen we add or override speaks its user's language, and only it.

Each screen is rendered for a user who chose English and for one who chose
French. A text of the screen (a text node, or a label read aloud: `title`,
`aria-label`, `placeholder`) that is exactly a string of the catalogues in the
other language is a leak: French on the English screen is a French
translation of ours, of Wagtail's or of Django's; English on the French
screen is a message of ours or of Wagtail's that has a different French
translation. Content (page titles, demo names) is not in the catalogues and
is not judged.
"""

import gettext
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import wagtail
import wagtail_localize
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile

from forms_workflows.models import CharterAdhesion
from forms_workflows.proposals.models import (
    Campaign,
    LabelAward,
    Project,
    ProjectProposal,
)
from pages.models import (
    Commitment,
    Dimension,
    Organisation,
    Referentiel,
    Region,
    Signatory,
)
from partners.models import WebhookEndpoint

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / "cms" / "locale",
    ROOT / "pages" / "locale",
    ROOT / "forms_workflows" / "locale",
    ROOT / "forms_workflows" / "proposals" / "locale",
    ROOT / "forms_workflows" / "editor_forms" / "locale",
    ROOT / "graphql_api" / "locale",
    ROOT / "partners" / "locale",
    Path(django.__file__).parent / "conf" / "locale",
    *(
        path
        for path in Path(wagtail.__file__).parent.glob("**/locale")
        if path.is_dir()
    ),
    Path(wagtail_localize.__file__).parent / "locale",
]
READ_ALOUD = ("title", "aria-label", "placeholder")
SKIPPED = {"script", "style", "template", "textarea", "option"}


def french_pairs():
    """(English message, French translation) of every catalogue, where they differ."""
    pairs = {}
    for localedir in CATALOGUES:
        for domain in ("django", "djangojs"):
            try:
                catalogue = gettext.translation(domain, localedir, languages=["fr"])
            except OSError:
                continue
            for message, french in catalogue._catalog.items():
                if isinstance(message, tuple):  # a plural form
                    message = message[0]
                if not message or not french or message == french:
                    continue
                if any(mark in message for mark in ("%", "{")) or "\x04" in message:
                    continue
                pairs[message.strip()] = french.strip()
    return pairs


PAIRS = french_pairs()
ENGLISH = set(PAIRS) - set(PAIRS.values())
FRENCH = set(PAIRS.values()) - set(PAIRS)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


class Texts(HTMLParser):
    """What a user reads or hears of a screen: visible text and labels read aloud."""

    def __init__(self):
        super().__init__()
        self.texts = set()
        self.open = []
        self.skipped_from = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipped_from is None:
            for name in READ_ALOUD:
                if attributes.get(name):
                    self.texts.add(" ".join(attributes[name].split()))
        if tag in VOID:
            return
        self.open.append(tag)
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true"
        if self.skipped_from is None and (tag in SKIPPED or hidden):
            self.skipped_from = len(self.open)

    def handle_endtag(self, tag):
        if tag not in self.open:
            return
        while self.open:
            if self.skipped_from is not None and len(self.open) <= self.skipped_from:
                self.skipped_from = None
            if self.open.pop() == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and self.skipped_from is None:
            self.texts.add(text)


def leaks(html, language, content=frozenset()):
    """The screen's texts that are messages in the other language.

    `content` (page titles, names) is what editors wrote, in whatever language.
    """
    parser = Texts()
    parser.feed(html)
    other = FRENCH if language == "en" else ENGLISH
    return {
        text
        for text in parser.texts
        if text in other and text not in content and len(text) > 3
    }


def written_content():
    return frozenset(Page.objects.values_list("title", flat=True))


def screens():
    """Our admin screens: name and path, read from the demo's database."""
    site = Site.objects.get(is_default_site=True)
    english = Locale.objects.get(language_code="en")
    home = site.root_page
    page = Page.objects.child_of(home).filter(depth=3).first()
    adhesion = CharterAdhesion.objects.first()
    proposal = ProjectProposal.objects.first()
    endpoint = WebhookEndpoint.objects.first()
    paths = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer", reverse("wagtailadmin_explore", args=[home.pk])),
        ("page edit form", reverse("wagtailadmin_pages:edit", args=[page.pk])),
        (
            "translation editor",
            reverse("wagtailadmin_pages:edit", args=[home.get_translation(english).pk]),
        ),
        (
            "translation submission",
            reverse(
                "pages_submit_translation_for_moderation",
                args=[page.get_translation(english).pk],
            ),
        ),
        (
            "network settings",
            reverse(
                "wagtailsettings:edit",
                args=["pages", "networksettings", site.pk],
            ),
        ),
        ("charter adhesions", reverse("forms_workflows_charteradhesion:index")),
        (
            "charter adhesion",
            reverse("forms_workflows_charteradhesion:inspect", args=[adhesion.pk]),
        ),
        ("project proposals", reverse("proposals_projectproposal:index")),
        (
            "project proposal",
            reverse("proposals_projectproposal:inspect", args=[proposal.pk]),
        ),
        ("form answers", reverse("editor_forms_formsubmission:index")),
        ("form results", reverse("editor_forms_formsubmission:forms")),
        ("API keys", reverse("partners_apikey:index")),
        ("new API key", reverse("partners_apikey:add")),
        ("webhook endpoints", reverse("partners_webhookendpoint:index")),
        ("new webhook endpoint", reverse("partners_webhookendpoint:add")),
    ]
    if endpoint:
        paths.append(
            (
                "deliveries",
                reverse("partners_webhook_deliveries", args=[endpoint.pk]),
            )
        )
    for model, viewset in (
        (Campaign, "proposals_campaign"),
        (Project, "proposals_project"),
        (LabelAward, "proposals_labelaward"),
    ):
        if viewset:
            paths.append((viewset, reverse(f"{viewset}:index")))
            paths.append((f"new {viewset}", reverse(f"{viewset}:add")))
            row = model.objects.first()
            if row:
                paths.append(
                    (f"{viewset} edit", reverse(f"{viewset}:edit", args=[row.pk]))
                )
    for model in (Organisation, Signatory, Region, Referentiel, Dimension, Commitment):
        name = model._meta.model_name
        paths.append((name, reverse(f"wagtailsnippets_pages_{name}:list")))
        paths.append((f"new {name}", reverse(f"wagtailsnippets_pages_{name}:add")))
        row = model.objects.filter(locale__language_code="fr").first()
        paths.append(
            (
                f"{name} edit",
                reverse(f"wagtailsnippets_pages_{name}:edit", args=[row.pk]),
            )
        )

    return paths


def user_speaking(username, language):
    user = get_user_model().objects.get(username=username)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_our_admin_screens_speak_only_their_users_language(
    client, demo_content, language
):
    client.force_login(user_speaking("admin", language))

    content = written_content()
    found = {}
    for name, path in screens():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        if leaked := leaks(response.content.decode(), language, content):
            found[name] = sorted(leaked)

    assert found == {}


# Forms sent empty, as a hurried user would: their errors are in the language too.
FORMS = [
    "partners_apikey:add",
    "partners_webhookendpoint:add",
    "proposals_campaign:add",
    "proposals_project:add",
    "proposals_labelaward:add",
    "wagtailsnippets_pages_region:add",
    "wagtailsnippets_pages_organisation:add",
    "wagtailsnippets_pages_commitment:add",
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_our_admin_forms_errors_speak_only_their_users_language(
    client, demo_content, language
):
    client.force_login(user_speaking("admin", language))

    content = written_content()
    found = {}
    for name in FORMS:
        response = client.post(reverse(name), {})
        assert response.status_code == 200, (name, response.status_code)
        assert 'class="error-message"' in response.content.decode(), name
        if leaked := leaks(response.content.decode(), language, content):
            found[name] = sorted(leaked)

    assert found == {}
