import json
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import Locale, Page, Site

from forms_workflows import guards, workflow
from forms_workflows.models import AdhesionFormPage, CharterAdhesion
from pages.models import CharterPage, HomePage, NetworkSettings, Region

PLAN_CATEGORIES = [
    ("category", {"title": "Partager nos réseaux", "actions": ["Visites communes"]}),
    ("category", {"title": "Se former ensemble", "actions": ["Former nos équipes"]}),
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network(db):
    """The club's site: a home page, its charter and the hosted adhesion form."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    Site.objects.all().delete()  # Wagtail's welcome site
    home = root.add_child(
        instance=HomePage(title="Accueil", slug="accueil-club", locale=french)
    )
    site = Site.objects.create(
        hostname="club.localhost",
        port=80,
        root_page=home,
        site_name="Club",
        is_default_site=True,
    )
    NetworkSettings.objects.create(site=site, key="club")
    charter = home.add_child(
        instance=CharterPage(
            title="Charte des partenaires",
            slug="charte",
            locale=french,
            plan_categories=PLAN_CATEGORIES,
        )
    )
    form_page = charter.add_child(
        instance=AdhesionFormPage(title="Adhérer à la charte", slug="adherer")
    )
    Region.objects.create(name="Occitanie", code="OCC", locale=french)
    return {"site": site, "home": home, "charter": charter, "form_page": form_page}


def old_token(seconds=60):
    return guards.issue_form_token(issued_at=time.time() - seconds)


def valid_data(**changes):
    """What a normal applicant sends, as the form (and the API) receive it."""
    data = {
        "organisation_name": "Union sociale pour l'habitat",
        "organisation_kind": "social_landlord",
        "organisation_address": "14 rue Lord Byron, 75008 Paris",
        "region": "OCC",
        "website": "https://www.union-habitat.org",
        "registration_number": "",
        "contact_name": "Camille Martin",
        "contact_role": "Chargée de mission",
        "contact_email": "camille.martin@example.org",
        "contact_phone": "+33 1 40 75 78 00",
        "signatory_name": "Marianne Louis",
        "signatory_title": "Directrice générale",
        "collaboration_plan": [
            {"title": "Partager nos réseaux", "actions": ["Visites communes"]}
        ],
        "consent": True,
        "language": "fr",
        "form_token": old_token(),
        guards.HONEYPOT_FIELD: "",
    }
    data.update(changes)
    return data


def make_adhesion(network, status=None, **changes):
    """An adhesion written through the submission path's own steps, then moved."""
    from django.utils import timezone

    from forms_workflows.forms import CharterAdhesionForm

    form = CharterAdhesionForm(valid_data(**changes))
    assert form.is_valid(), form.errors
    adhesion = CharterAdhesion(
        **form.adhesion_fields(),
        reference=CharterAdhesion.next_reference(),
        charter_page=network["charter"],
        site=network["site"],
        consent_version="test",
        consent_given_at=timezone.now(),
    )
    workflow.start(adhesion)
    if status and status != adhesion.status:
        # Only tests put a row straight into a state: the table test needs every one.
        CharterAdhesion.objects.filter(pk=adhesion.pk).update(status=status)
        adhesion.refresh_from_db()
    return adhesion


@pytest.fixture
def reviewer(db):
    user = get_user_model().objects.create_user(
        "reviewer", "reviewer@example.org", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def second_reviewer(db):
    user = get_user_model().objects.create_user(
        "reviewer2", "reviewer2@example.org", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def editor(db):
    """Signed in to the admin, but without the review permission."""
    return get_user_model().objects.create_user(
        "editor", "editor@example.org", "pw", is_staff=True
    )


class GraphQL:
    def __init__(self, client):
        self.client = client

    def __call__(self, query, variables=None, **headers):
        response = self.client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def gql(client):
    return GraphQL(client)
