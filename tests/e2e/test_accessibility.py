"""axe-core finds no serious or critical violation on the public pages we host."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from forms_workflows.models import AdhesionFormPage, CharterAdhesion
from pages.models import CharterPage
from tests.e2e.helpers import axe_violations

BLOCKING = {"serious", "critical"}


def blocking_violations(page, axe_source):
    return axe_violations(page, axe_source, impacts=BLOCKING)


def path_of(wagtail_page):
    return wagtail_page.get_url_parts()[2]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_hosted_pages_have_no_serious_accessibility_violation(
    page, live_demo, axe_source, shot, language
):
    base_url = live_demo.url
    # The club's charter (another network has its own).
    slug = {"fr": "charte-des-partenaires", "en": "partners-charter"}[language]
    charter = CharterPage.objects.get(locale__language_code=language, slug=slug)
    form_page = AdhesionFormPage.objects.child_of(charter).live().get()
    adhesion = CharterAdhesion.objects.filter(language=language).first()
    targets = {
        "charter": path_of(charter),
        "form": path_of(form_page),
    }
    # Hosted views live under /en/ in English, like the pages.
    with translation.override(language):
        if adhesion is not None:
            targets["status"] = reverse(
                "forms_workflows:status", args=[adhesion.status_token]
            )
        targets["proposal"] = reverse("proposals:start")
        targets["labelled projects"] = reverse("proposals:labelled_projects")
    found = {}
    for name, path in targets.items():
        page.goto(base_url + path)
        assert page.locator("html").get_attribute("lang") == language, path
        shot(f"{language}-{name}")
        violations = blocking_violations(page, axe_source)
        if violations:
            found[name] = violations
    # and the form with its error summary shown
    page.goto(base_url + targets["form"])
    page.click("#adhesion-form button[type=submit]")
    shot(f"{language}-form-errors")
    violations = blocking_violations(page, axe_source)
    if violations:
        found["form with errors"] = violations
    assert not found, json.dumps(found, indent=2)
