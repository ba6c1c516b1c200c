"""The demo content `make demo` loads: every network, in French and English."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory, TestCase
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from pages.models import (
    CharterPage,
    Commitment,
    ContentPage,
    Dimension,
    EventPage,
    LabelProgrammePage,
    MissionsPage,
    NetworkSettings,
    NewsPage,
    Organisation,
    OrganisationPage,
    Referentiel,
    Signatory,
    TrainingPage,
)
from tests import demo_snapshot

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "pages" / "demo" / "data"
SEEDS_DIR = ROOT.parent / "shared" / "domain" / "seeds"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo for this whole module, rolled back afterwards."""

    def load():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", verbosity=0)

    with django_db_blocker.unblock():
        with transaction.atomic():
            demo_snapshot.ensure_demo(load)
            yield
            transaction.set_rollback(True)
        # What was cached while the demo existed must not outlive it.
        ContentType.objects.clear_cache()
        cache.clear()


@pytest.fixture
def english(demo, db):
    return Locale.objects.get(language_code="en")


def site(key):
    return NetworkSettings.objects.get(key=key).site


def french_pages(site_key):
    home = site(site_key).root_page
    return Page.objects.descendant_of(home, inclusive=True).specific()


def test_every_demo_page_is_live_with_a_live_english_translation(english):
    pages = [page for key in ("club", "req", "regies") for page in french_pages(key)]
    assert len(pages) >= 23
    for page in pages:
        assert page.live, page.url_path
        translation = page.get_translation(english)
        assert translation.live, page.url_path
        assert translation.title != page.title


def test_every_demo_page_is_routed_at_its_url_on_its_site(english):
    # The CMS is headless (no page templates): routing, not rendering, is checked.
    for key in ("club", "req", "regies"):
        demo_site = site(key)
        for page in french_pages(key):
            for version in (page, page.get_translation(english)):
                site_id, _root_url, path = version.get_url_parts()
                assert site_id == demo_site.pk
                request = RequestFactory().get(path, HTTP_HOST=demo_site.hostname)
                language_prefix = "/en" if version.locale_id == english.pk else ""
                relative = path.removeprefix(language_prefix)
                components = [part for part in relative.split("/") if part]
                home = demo_site.root_page.specific.get_translation(version.locale)
                routed = home.route(request, components)
                assert routed.page.pk == version.pk


def test_each_network_has_its_settings_key_and_hostname(demo, db):
    keys = dict(NetworkSettings.objects.values_list("key", "site__hostname"))
    assert keys == {
        "club": "club.localhost",
        "req": "req.localhost",
        "regies": "regies.localhost",
    }
    assert Site.objects.get(is_default_site=True) == site("club")


def test_the_demo_points_previews_at_no_partner_front_end_unless_one_is_given(
    demo, db, monkeypatch
):
    # without DEMO_PARTNER_URL no partner front end runs, so none is set (the
    # admin then offers no "Preview on partner site" that would be refused)
    assert set(NetworkSettings.objects.values_list("front_end_url", flat=True)) == {""}
    # given the example partner site's address, the club's previews open there
    monkeypatch.setenv("DEMO_PARTNER_URL", "http://127.0.0.1:8100")
    call_command("load_demo", verbosity=0)
    fronts = dict(NetworkSettings.objects.values_list("key", "front_end_url"))
    assert fronts == {"club": "http://127.0.0.1:8100", "req": "", "regies": ""}


def test_the_club_site_shows_its_organisation_partners_and_dated_figures(english):
    page = OrganisationPage.objects.get(locale__language_code="fr")
    assert page.get_site() == site("club")
    assert len(page.missions) == 4
    assert "AD4" in page.steering and "Nantes" in page.steering
    partners = [block.value.name for block in page.partners]
    assert partners == [
        "ADEME",
        "Caisse des Dépôts",
        "FNAU",
        "CSTB",
        "USH",
        "FNCAUE",
        "FNPNR",
        "Ville de Grenoble",
        "Ville de Bordeaux",
    ]
    figures = [block.value for block in page.membership_figures]
    assert [figure["value"] for figure in figures] == [Decimal(160), Decimal(700)]
    assert all(figure["date"] and figure["source"] for figure in figures)
    assert "2012" in page.regional_structure
    # the English page points at the English partners
    translated = page.get_translation(english)
    assert {block.value.locale_id for block in translated.partners} == {english.pk}
    assert "Since 2012" in translated.regional_structure


def test_the_club_charter_lists_signatories_and_the_housing_federation_plan(english):
    charter = CharterPage.objects.get(
        locale__language_code="fr", slug="charte-des-partenaires"
    )
    assert charter.get_site() == site("club")
    assert len(charter.commitments) == 4
    assert "commission nationale" in charter.signature_clause
    names = set(charter.signatories().values_list("name", flat=True))
    assert {"Union sociale pour l'habitat (USH)", "ANRU", "Villes de France"} <= names
    ush = Signatory.objects.get(
        name="Union sociale pour l'habitat (USH)", locale__language_code="fr"
    )
    assert [block.value["title"] for block in ush.collaboration_plan] == [
        "Partager et étendre nos réseaux respectifs",
        "Favoriser l'émergence de projets d'aménagement durable",
        "Capitaliser et valoriser nos actions",
        "Se former ensemble",
    ]
    assert ush.logo is not None
    english_plan = ush.get_translation(english).collaboration_plan
    assert english_plan[3].value["title"] == "Train together"
    assert len(english_plan[2].value["actions"]) == 5
    villes = Signatory.objects.get(name="Villes de France", locale=english)
    assert villes.signed_on == date(2022, 11, 24)


def test_the_label_programme_has_four_stages_and_the_pilot_criteria(demo, db):
    page = LabelProgrammePage.objects.get(locale__language_code="fr")
    assert [block.value["number"] for block in page.stages] == [1, 2, 3, 4]
    assert all(block.value["criteria"] for block in page.stages)
    criteria = " ".join(block.value for block in page.pilot_criteria)
    assert "Taille" in criteria and "rural" in criteria and "Agenda 21" in criteria


def test_the_2012_meetings_and_regional_trainings_are_there(demo, db):
    events = EventPage.objects.filter(locale__language_code="fr").order_by("start")
    # the 2012 welcome seminars; the next meeting there (editor-built
    # registration form) is dated ahead of today
    seminars = [
        event
        for event in events
        if "Défense" in event.place and event.start.year == 2012
    ]
    assert [event.start.date() for event in seminars] == [
        date(2012, 3, 27),
        date(2012, 4, 2),
    ]
    assert {"Nancy", "Roubaix"} <= {event.place for event in events}
    assert all(event.end > event.start for event in events)
    topics = TrainingPage.objects.filter(locale__language_code="fr")
    # the programme's five topics, and the regional day taking registrations
    assert topics.count() == 6
    assert topics.filter(title__contains="2027").count() == 1
    assert all(training.sessions for training in topics)


def test_the_final_report_is_a_generated_pdf_linked_from_the_club(demo, db):
    report = get_document_model().objects.get(title__contains="Rapport final")
    with report.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert b"08/02/2012" in content
    news = NewsPage.objects.get(date=date(2012, 2, 8), locale__language_code="fr")
    linked = [b.value["document"] for b in news.body if b.block_type == "document"]
    assert linked == [report]


def test_demo_images_carry_alt_text_where_they_are_shown(english):
    home = site("club").root_page.specific
    for page in (home, home.get_translation(english)):
        images = [block.value for block in page.body if block.block_type == "image"]
        assert images and all(image["alt_text"] for image in images)
        assert images[0]["image"].file.name.endswith(".png")


def test_english_pages_link_to_english_pages(english):
    for key in ("club", "req", "regies"):
        home = site(key).root_page.specific.get_translation(english)
        links = [b.value["page"] for b in home.body if b.block_type == "page_link"]
        assert links and all(page.locale_id == english.pk for page in links)


def test_the_montreal_network_lists_its_six_missions_in_both_languages(english):
    page = MissionsPage.objects.get(locale__language_code="fr")
    assert page.get_site() == site("req")
    assert [block.value["number"] for block in page.missions] == [1, 2, 3, 4, 5, 6]
    translated = page.get_translation(english)
    assert (
        translated.missions[0].value["title"] == "Speak for the Éco-quartier programme"
    )


def test_the_neighbourhood_boards_show_dated_figures_and_four_roles(english):
    page = ContentPage.objects.get(
        slug="un-developpement-local-participatif", locale__language_code="fr"
    )
    assert page.get_site() == site("regies")
    blocks = {block.block_type: block.value for block in page.body}
    figures = blocks["key_figures"]
    assert [figure["value"] for figure in figures] == [2000, 150, 340]
    assert all(figure["date"] and figure["source"] for figure in figures)
    roles = blocks["stakeholder_roles"]
    assert len(roles) == 4
    assert {"PLIE", "Mission locale", "Centres sociaux"} <= set(roles[3]["examples"])
    translated = page.get_translation(english)
    english_roles = [
        b.value for b in translated.body if b.block_type == "stakeholder_roles"
    ]
    assert [role["name"] for role in english_roles[0]] == [
        "Residents",
        "Local authorities",
        "Social landlords",
        "Socio-economic partners",
    ]


def test_the_referentiel_has_four_dimensions_and_twenty_commitments_per_locale(
    demo, db
):
    for language in ("fr", "en"):
        referentiel = Referentiel.objects.get(
            version="2016", locale__language_code=language
        )
        assert referentiel.is_current
        dimensions = Dimension.objects.filter(referentiel=referentiel)
        assert list(dimensions.values_list("number", flat=True)) == [1, 2, 3, 4]
        commitments = Commitment.objects.filter(dimension__referentiel=referentiel)
        assert sorted(commitments.values_list("number", flat=True)) == list(
            range(1, 21)
        )
        assert {c.locale.language_code for c in commitments} == {language}
    english = Commitment.objects.get(number=20, locale__language_code="en")
    assert english.title == "Biodiversity, soils and natural environments"
    assert english.dimension.title == "Environment and climate"


def test_network_snippets_belong_to_their_site_in_both_locales(demo, db):
    club = site("club")
    for language in ("fr", "en"):
        organisations = Organisation.objects.filter(locale__language_code=language)
        assert organisations.count() == 9
        assert set(organisations.values_list("site", flat=True)) == {club.pk}
        signatories = Signatory.objects.filter(locale__language_code=language)
        assert set(signatories.values_list("site", flat=True)) == {club.pk}
        assert {"ADEME", "ANRU", "Anah", "Cerema", "FNAU", "AMF"} <= set(
            signatories.values_list("name", flat=True)
        )


def test_demo_accounts_edit_only_their_own_site(demo, db, client):
    club_home = site("club").root_page
    req_home = site("req").root_page
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    editor = users.get(username="editor-req")
    assert req_home.permissions_for_user(editor).can_edit()
    assert not club_home.permissions_for_user(editor).can_edit()
    moderator = users.get(username="moderator-club")
    assert club_home.permissions_for_user(moderator).can_publish()
    assert not club_home.permissions_for_user(
        users.get(username="editor-club")
    ).can_publish()
    assert client.login(username="editor-club", password="demo-password")
    assert client.get("/admin/").status_code == 200


def words(text):
    text = re.sub(r"<[^>]+>", " ", text).lower().replace("’", "'")
    return re.findall(r"[\w']+", text)


def runs(text, length):
    sequence = words(text)
    return {
        " ".join(sequence[i : i + length]) for i in range(len(sequence) - length + 1)
    }


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed documents are absent")
def test_demo_texts_paraphrase_the_seeds_rather_than_copy_them():
    # Names and lists of names are facts and may be kept; twelve words in a
    # row taken from a seed would be a copied sentence.
    seeds = set()
    for path in SEEDS_DIR.iterdir():
        seeds |= runs(path.read_text(encoding="utf-8"), 12)
    copied = set()
    for path in DATA_DIR.glob("*.yaml"):
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            copied |= runs(text, 12) & seeds
    assert not copied


def test_demo_content_passes_the_validation_editors_face(demo, db):
    # Each item would save unchanged from the admin: alt texts, dated figures…
    for key in ("club", "req", "regies"):
        for page in french_pages(key):
            page.full_clean()
    for model in (Organisation, Signatory, Referentiel, Dimension, Commitment):
        for instance in model.objects.all():
            instance.full_clean()


def test_an_editor_opens_each_page_of_their_site_in_the_admin(demo, db, client):
    assert client.login(username="editor-club", password="demo-password")
    for page in french_pages("club"):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.url_path


def test_a_translation_whose_shape_differs_from_the_french_is_refused(db):
    from pages.demo.translation import translate

    french = Locale.objects.get_or_create(language_code="fr")[0]
    Locale.objects.get_or_create(language_code="en")
    source = Referentiel.objects.create(
        locale=french,
        version="test",
        title="Essai",
        description="<p>Un.</p><p>Deux.</p>",
    )
    english = Referentiel(version="test", title="Trial", description="<p>One.</p>")
    with pytest.raises(ValueError, match="differ in shape"):
        translate(source, english)


def test_each_networks_media_are_in_its_collection(demo, db):
    from wagtail.images import get_image_model

    from pages.collections import SHARED_COLLECTION, network_collection_name

    def collection_of(model, title_part):
        return model.objects.get(title__contains=title_part).collection.name

    Image = get_image_model()
    assert collection_of(Image, "Logo du Club") == network_collection_name("club")
    assert collection_of(Image, "USH") == network_collection_name("club")
    assert collection_of(Image, "régies") == network_collection_name("regies")
    # used by two networks: shared, read-only to both
    assert collection_of(Image, "quartier durable") == SHARED_COLLECTION
    report = collection_of(get_document_model(), "Rapport final")
    assert report == network_collection_name("club")
