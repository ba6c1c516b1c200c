"""Domain lists: events, trainings, news, signatories, organisations, regions,
référentiel, documents."""

import datetime

from django.utils import timezone

from tests.fixtures.graphql import (
    DOCUMENTS,
    SIGNATORIES,
    codes,
    make_document,
    make_region,
    names,
    offer,
)

EVENTS = """
query Events($upcoming: Boolean, $region: String, $from: Date, $to: Date,
             $locale: String, $site: String) {
  events(upcoming: $upcoming, region: $region, from: $from, to: $to,
         locale: $locale, site: $site) {
    totalCount
    items { title start locale region { code } agenda { title } }
  }
}
"""
TRAININGS = """
query T($region: String) {
  trainings(region: $region) { totalCount items { title topic sessions { place } } }
}
"""
NEWS = """
query News($tag: String) { news(tag: $tag) { totalCount items { title date tags } } }
"""
ORGANISATIONS = """
query O($kind: String) { organisations(kind: $kind) { totalCount items { name kind } } }
"""
REGIONS = "query R($locale: String) { regions(locale: $locale) { name code locale } }"
REFERENTIEL = """
query Ref($version: String) {
  referentiel(version: $version) {
    version title isCurrent
    dimensions { number title commitments { number title } }
  }
}
"""


def test_events_list_public_events_of_the_site_soonest_first(gql, programme):
    body = gql.query(EVENTS)
    assert [i["title"] for i in body["data"]["events"]["items"]] == [
        "Atelier passé",
        "Rencontre nationale",
    ]
    assert body["data"]["events"]["totalCount"] == 2


def test_upcoming_events_exclude_past_ones(gql, programme):
    body = gql.query(EVENTS, {"upcoming": True})
    assert names(body, "events") == ["Rencontre nationale"]
    assert body["data"]["events"]["items"][0]["agenda"] == [{"title": "Accueil"}]


def test_events_filter_by_region_and_dates(gql, programme):
    today = timezone.localdate()
    by_region = gql.query(EVENTS, {"region": "OCC"})
    by_dates = gql.query(
        EVENTS,
        {
            "from": str(today - datetime.timedelta(days=40)),
            "to": str(today - datetime.timedelta(days=20)),
        },
    )
    assert names(by_region, "events") == ["Rencontre nationale"]
    assert names(by_dates, "events") == ["Atelier passé"]


def test_a_malformed_date_is_refused(gql, programme):
    body = gql.query(EVENTS, {"from": "not-a-date"})
    assert codes(body) == ["BAD_USER_INPUT"]


def test_trainings_filter_by_region(gql, programme):
    body = gql.query(TRAININGS, {"region": "OCC"})
    assert names(body, "trainings") == ["Financer"]
    assert body["data"]["trainings"]["items"][0]["sessions"] == [{"place": "Paris"}]


def test_news_filter_by_tag(gql, programme):
    everything = gql.query(NEWS)
    tagged = gql.query(NEWS, {"tag": "label"})
    assert [i["title"] for i in everything["data"]["news"]["items"]] == [
        "Rapport",
        "Palmarès",
    ]
    assert names(tagged, "news") == ["Palmarès"]
    assert tagged["data"]["news"]["items"][0]["tags"] == ["label"]


def test_signatories_are_the_active_ones_of_the_site_with_their_plans(gql, signatories):
    body = gql.query(SIGNATORIES)
    assert names(body, "signatories") == ["Habitat Sud", "Ville de Lyon"]
    lyon = body["data"]["signatories"]["items"][1]
    assert lyon["collaborationPlan"] == [{"title": "Eau", "actions": ["Agir"]}]
    assert lyon["region"] == {"code": "OCC"}


def test_signatories_filter_by_kind_region_and_search(gql, signatories):
    by_kind = gql.query(SIGNATORIES, {"kind": "social_landlord"})
    by_region = gql.query(SIGNATORIES, {"region": "OCC"})
    by_search = gql.query(SIGNATORIES, {"search": "lyon"})
    assert names(by_kind, "signatories") == ["Habitat Sud"]
    assert names(by_region, "signatories") == ["Ville de Lyon"]
    assert names(by_search, "signatories") == ["Ville de Lyon"]


def test_signatories_of_another_site_stay_there(gql, signatories):
    body = gql.query(SIGNATORIES, {"site": "req"})
    assert names(body, "signatories") == ["Signataire REQ"]


def test_signatories_in_english_fall_back_to_french(gql, signatories):
    body = gql.query(SIGNATORIES, {"locale": "en"})
    assert {i["locale"] for i in body["data"]["signatories"]["items"]} == {"fr"}


def test_an_unknown_kind_is_refused(gql, signatories):
    body = gql.query(SIGNATORIES, {"kind": "pirate"})
    assert codes(body) == ["INVALID_ARGUMENT"]


def test_organisations_filter_by_kind_within_the_site(gql, signatories):
    body = gql.query(ORGANISATIONS, {"kind": "state_service"})
    everything = gql.query(ORGANISATIONS)
    assert names(body, "organisations") == ["Cerema"]
    assert names(everything, "organisations") == ["Cerema"]


def test_regions_are_served_with_fallback(gql, network_keys, locales):
    make_region(locales)
    body = gql.query(REGIONS, {"locale": "en"})
    assert body["data"]["regions"] == [
        {"name": "Occitanie", "code": "OCC", "locale": "fr"}
    ]


def test_referentiel_gives_dimensions_with_their_commitments(
    gql, network_keys, locales
):
    from pages.models import Commitment, Dimension, Referentiel

    fr = locales["fr"]
    current = Referentiel.objects.create(
        version="2016", title="Référentiel", is_current=True, locale=fr
    )
    Referentiel.objects.create(version="2012", title="Ancien", locale=fr)
    dimension = Dimension.objects.create(
        referentiel=current, number=1, title="Démarche", locale=fr
    )
    Commitment.objects.create(dimension=dimension, number=2, title="Piloter", locale=fr)
    Commitment.objects.create(
        dimension=dimension, number=1, title="Réaliser", locale=fr
    )
    current_body = gql.query(REFERENTIEL)
    old_body = gql.query(REFERENTIEL, {"version": "2012"})
    referentiel = current_body["data"]["referentiel"]
    assert referentiel["version"] == "2016"
    assert referentiel["dimensions"][0]["commitments"] == [
        {"number": 1, "title": "Réaliser"},
        {"number": 2, "title": "Piloter"},
    ]
    assert old_body["data"]["referentiel"]["title"] == "Ancien"


def test_documents_are_searchable(gql, network_keys):
    offer(
        network_keys["club"][1], make_document("Rapport annuel"), make_document("Guide")
    )
    body = gql.query(DOCUMENTS, {"search": "rapport"})
    assert names(body, "documents") == ["Rapport annuel"]
    assert body["data"]["documents"]["items"][0]["fileType"] == "pdf"


SITE_DOCUMENTS = """
query D($site: String) { documents(site: $site) { totalCount items { title } } }
"""


def test_a_site_lists_only_the_documents_its_public_pages_offer(gql, network_keys):
    # given documents offered by each network, one by a draft, one by nobody
    club_home, req_home = network_keys["club"][1], network_keys["req"][1]
    offer(club_home, make_document("Guide du club"))
    offer(req_home, make_document("Rapport du REQ"), title="Documents REQ")
    offer(club_home, make_document("Brouillon"), title="Brouillon", live=False)
    make_document("Pièce d'un dossier")

    # when each network asks for its documents
    club = gql.query(SITE_DOCUMENTS, {"site": "club"})
    req = gql.query(SITE_DOCUMENTS, {"site": "req"})

    # then each sees its own, none sees the draft's or the unlinked file
    assert names(club, "documents") == ["Guide du club"]
    assert names(req, "documents") == ["Rapport du REQ"]
    assert codes(gql.query(SITE_DOCUMENTS, {"site": "nowhere"})) == ["UNKNOWN_SITE"]


def test_an_unknown_event_status_is_refused(gql, programme):
    body = gql.query('{ events(status: "lost") { totalCount } }')
    assert codes(body) == ["INVALID_ARGUMENT"]


STATUS = """
query S($status: String) {
  events(status: $status) { totalCount items { title status } }
}
"""


def test_a_scheduled_event_that_has_ended_reads_past(gql, programme):
    # given a workshop that ended a month ago and that no editor marked past
    body = gql.query(STATUS)
    statuses = {i["title"]: i["status"] for i in body["data"]["events"]["items"]}
    # then partners see it past, and the coming meeting scheduled
    assert statuses == {"Atelier passé": "past", "Rencontre nationale": "scheduled"}
    # and filtering by status follows what they see
    past = gql.query(STATUS, {"status": "past"})
    scheduled = gql.query(STATUS, {"status": "scheduled"})
    assert names(past, "events") == ["Atelier passé"]
    assert names(scheduled, "events") == ["Rencontre nationale"]


def test_a_cancelled_event_stays_cancelled_after_its_date(gql, programme):
    from pages.models import EventPage

    workshop = EventPage.objects.get(title="Atelier passé")
    workshop.status = "cancelled"
    workshop.save_revision().publish()
    body = gql.query(STATUS, {"status": "cancelled"})
    assert [i["status"] for i in body["data"]["events"]["items"]] == ["cancelled"]
    assert names(gql.query(STATUS, {"status": "past"}), "events") == []
