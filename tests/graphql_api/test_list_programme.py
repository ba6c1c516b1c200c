"""Events, trainings, news and documents: filters, ordering, cursors, constant SQL."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.fixtures.graphql import add_page, clone_pages, codes, make_region

EVENTS = """
query Events($filters: EventFilter, $ordering: [EventOrder!], $first: Int,
             $after: String, $updatedSince: DateTime) {
  eventsConnection(filters: $filters, ordering: $ordering, first: $first,
                   after: $after, updatedSince: $updatedSince) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { title start url region { code } agenda { title } } }
  }
}
"""
EVENTS_OFFSET = """
query Events($filters: EventFilter, $ordering: [EventOrder!], $limit: Int!) {
  events(filters: $filters, ordering: $ordering, limit: $limit) {
    totalCount
    items { title start url region { code } agenda { title } }
  }
}
"""
TRAININGS = """
query Trainings($filters: TrainingFilter, $ordering: [TrainingOrder!], $first: Int,
                $after: String) {
  trainingsConnection(filters: $filters, ordering: $ordering, first: $first,
                      after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { title topic url region { code } } }
  }
}
"""
NEWS = """
query News($filters: NewsFilter, $ordering: [NewsOrder!], $first: Int,
           $after: String) {
  newsConnection(filters: $filters, ordering: $ordering, first: $first,
                 after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { title date url } }
  }
}
"""


def titles(body, field):
    return [edge["node"]["title"] for edge in body["data"][field]["edges"]]


@pytest.fixture
def agenda(network_keys, locales):
    """Events of the club in three regions, over the coming months."""
    from pages.models import EventIndexPage, EventPage

    home = network_keys["club"][1]
    regions = {
        code: make_region(locales, name, code)
        for code, name in [
            ("IDF", "Île-de-France"),
            ("ARA", "Auvergne"),
            ("OCC", "Occ"),
        ]
    }
    index = add_page(home, EventIndexPage, "Agenda", publish=False)
    now = timezone.now()
    for title, days, code in [
        ("Visite à Lyon", 5, "ARA"),
        ("Atelier à Paris", 12, "IDF"),
        ("Séminaire à Toulouse", 20, "OCC"),
        ("Rencontre à Grenoble", 45, "ARA"),
        ("Passé à Paris", -10, "IDF"),
    ]:
        add_page(
            index,
            EventPage,
            title,
            publish=False,
            start=now + datetime.timedelta(days=days),
            end=now + datetime.timedelta(days=days, hours=2),
            region=regions[code],
        )
    return now


def test_events_of_the_next_30_days_in_two_regions(gql, agenda):
    body = gql.query(
        EVENTS,
        {
            "filters": {
                "start": {
                    "gte": agenda.isoformat(),
                    "lte": (agenda + datetime.timedelta(days=30)).isoformat(),
                },
                "region": {"code": {"inList": ["IDF", "ARA"]}},
            }
        },
    )
    assert titles(body, "eventsConnection") == ["Visite à Lyon", "Atelier à Paris"]


def test_events_by_region_name_then_latest_first_page_by_page(gql, agenda):
    ordering = [{"region": {"name": "ASC"}}, {"start": "DESC"}]
    seen, after = [], None
    while True:
        body = gql.query(EVENTS, {"ordering": ordering, "first": 2, "after": after})
        seen += titles(body, "eventsConnection")
        info = body["data"]["eventsConnection"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    # by the regions' names as the database compares them: "Île…" after "Occ"
    assert seen == [
        "Rencontre à Grenoble",
        "Visite à Lyon",
        "Séminaire à Toulouse",
        "Atelier à Paris",
        "Passé à Paris",
    ]


def test_an_event_published_before_the_cursor_shifts_nothing(gql, agenda):
    from pages.models import EventIndexPage, EventPage

    first = gql.query(EVENTS, {"first": 2})
    cursor = first["data"]["eventsConnection"]["pageInfo"]["endCursor"]
    index = EventIndexPage.objects.get()
    add_page(
        index,
        EventPage,
        "Publiée entre-temps",
        publish=False,
        start=agenda - datetime.timedelta(days=100),
        end=agenda - datetime.timedelta(days=99),
    )
    following = gql.query(EVENTS, {"first": 10, "after": cursor})
    assert titles(following, "eventsConnection") == [
        "Atelier à Paris",
        "Séminaire à Toulouse",
        "Rencontre à Grenoble",
    ]
    assert following["data"]["eventsConnection"]["totalCount"] == 6


def test_updated_since_gives_pages_published_since(gql, agenda):
    from pages.models import EventPage

    since = timezone.now()
    page = EventPage.objects.get(title="Atelier à Paris")
    page.title = "Atelier à Paris (reporté)"
    page.save_revision().publish()
    body = gql.query(EVENTS, {"updatedSince": since.isoformat()})
    assert titles(body, "eventsConnection") == ["Atelier à Paris (reporté)"]


def test_a_news_cursor_in_an_events_list_is_refused(gql, agenda):
    body = gql.query(EVENTS, {"after": "W1siZGF0ZTpkZXNjIl0sWyIyMDIwIl0sMV0:x"})
    assert codes(body) == ["INVALID_CURSOR"]


def sql_of(gql, document, variables):
    cache.clear()  # the answer cache would answer without SQL
    with CaptureQueriesContext(connection) as captured:
        body = gql.query(document, variables)
    assert "errors" not in body, body
    return len(captured), body


def measure(gql, document, variables, field, grow):
    """SQL of a page of 5 among 10 items, then of a page of 100 among 1,000."""
    grow(9)
    first = gql.query(document, {**variables, "first": 1})
    after = first["data"][field]["pageInfo"]["endCursor"]
    small, body = sql_of(gql, document, {**variables, "first": 5, "after": after})
    assert len(body["data"][field]["edges"]) == 5
    grow(990)
    large, body = sql_of(gql, document, {**variables, "first": 100, "after": after})
    assert len(body["data"][field]["edges"]) == 100
    return small, large


def test_events_cost_the_same_sql_at_10_and_1000(gql, network_keys, locales):
    from pages.models import EventIndexPage, EventPage

    region = make_region(locales, "Île-de-France", "IDF")
    index = add_page(network_keys["club"][1], EventIndexPage, "Agenda", publish=False)
    now = timezone.now()
    template = add_page(
        index,
        EventPage,
        "Évènement",
        publish=False,
        start=now,
        end=now + datetime.timedelta(hours=1),
        region=region,
        agenda=[{"type": "item", "value": {"time": "09:00:00", "title": "Accueil"}}],
    )

    def grow(count):
        made = EventPage.objects.count()
        clone_pages(
            template,
            count,
            lambda i: {
                "title": f"Évènement {made + i:04}",
                "start": now + datetime.timedelta(hours=made + i),
            },
        )

    variables = {
        "filters": {
            "region": {"code": {"inList": ["IDF", "ARA"]}},
            "title": {"iContains": "nement"},
        },
        "ordering": [{"start": "ASC"}, {"title": "DESC"}],
    }
    small, large = measure(gql, EVENTS, variables, "eventsConnection", grow)
    assert large == small
    offset_small, _ = sql_of(gql, EVENTS_OFFSET, {**variables, "limit": 5})
    offset_large, _ = sql_of(gql, EVENTS_OFFSET, {**variables, "limit": 100})
    assert offset_large == offset_small


def test_trainings_cost_the_same_sql_at_10_and_1000(gql, network_keys, locales):
    from pages.models import TrainingIndexPage, TrainingPage

    region = make_region(locales, "Île-de-France", "IDF")
    index = add_page(
        network_keys["club"][1], TrainingIndexPage, "Formations", publish=False
    )
    template = add_page(
        index,
        TrainingPage,
        "Formation",
        topic="financement",
        region=region,
        publish=False,
    )

    def grow(count):
        made = TrainingPage.objects.count()
        clone_pages(template, count, lambda i: {"title": f"Formation {made + i:04}"})

    variables = {
        "filters": {
            "topic": {"iContains": "financ"},
            "region": {"code": {"exact": "IDF"}},
        },
        "ordering": [{"title": "ASC"}],
    }
    small, large = measure(gql, TRAININGS, variables, "trainingsConnection", grow)
    assert large == small


def test_news_cost_the_same_sql_at_10_and_1000(gql, network_keys):
    from pages.models import NewsIndexPage, NewsPage

    index = add_page(
        network_keys["club"][1], NewsIndexPage, "Actualités", publish=False
    )
    template = add_page(
        index, NewsPage, "Nouvelle", date=datetime.date(2026, 1, 1), publish=False
    )

    def grow(count):
        made = NewsPage.objects.count()
        clone_pages(
            template,
            count,
            lambda i: {
                "title": f"Nouvelle {made + i:04}",
                "date": datetime.date(2020, 1, 1) + datetime.timedelta(days=made + i),
            },
        )

    variables = {
        "filters": {"date": {"gte": "2020-01-01"}, "title": {"iStartsWith": "nouv"}},
        "ordering": [{"date": "DESC"}],
    }
    small, large = measure(gql, NEWS, variables, "newsConnection", grow)
    assert large == small


PAGES = """
query Pages($filters: PageFilter, $first: Int, $after: String, $order: PageOrder!) {
  pagesConnection(type: "ContentPage", filters: $filters, order: $order,
                  first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { title url ... on ContentPage { introduction { html } } } }
  }
}
"""


def test_pages_cost_the_same_sql_at_10_and_1000_and_keep_their_place(gql, network_keys):
    from pages.models import ContentPage

    template = add_page(network_keys["club"][1], ContentPage, "Page", publish=False)

    def grow(count):
        made = ContentPage.objects.count()
        clone_pages(template, count, lambda i: {"title": f"Page {made + i:04}"})

    variables = {"filters": {"title": {"iStartsWith": "page"}}, "order": "TITLE"}
    small, large = measure(gql, PAGES, variables, "pagesConnection", grow)
    assert large == small
    # a page titled before the cursor does not come back on the next page
    first = gql.query(PAGES, {**variables, "first": 2})
    after = first["data"]["pagesConnection"]["pageInfo"]["endCursor"]
    add_page(network_keys["club"][1], ContentPage, "Page 0000 bis", publish=False)
    following = gql.query(PAGES, {**variables, "first": 1, "after": after})
    assert titles(following, "pagesConnection") == ["Page 0002"]


DOCUMENTS = """
query Documents($filters: DocumentFilter, $ordering: [DocumentOrder!], $first: Int,
                $after: String) {
  documentsConnection(site: "club", filters: $filters, ordering: $ordering,
                      first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { title url fileType } }
  }
}
"""


def test_documents_cost_the_same_sql_at_10_and_1000(gql, network_keys):
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.models import Page, ReferenceIndex

    from pages.models import ContentPage
    from tests.fixtures.graphql import make_document, offer

    page = offer(network_keys["club"][1], make_document("Rapport 0000"))
    template = get_document_model().objects.get()
    start = timezone.now() - datetime.timedelta(days=2000)

    def grow(count):
        made = get_document_model().objects.count()
        documents = get_document_model().objects.bulk_create(
            get_document_model()(
                title=f"Rapport {made + i:04}",
                file=template.file.name,
                file_size=template.file_size,
                collection_id=template.collection_id,
                created_at=start + datetime.timedelta(hours=made + i),
            )
            for i in range(count)
        )
        # the page links them, as Wagtail's reference index records it
        ReferenceIndex.objects.bulk_create(
            ReferenceIndex(
                content_type=ContentType.objects.get_for_model(ContentPage),
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id=str(page.pk),
                to_content_type=ContentType.objects.get_for_model(get_document_model()),
                to_object_id=str(document.pk),
                model_path="body",
                content_path=f"body.{document.pk}",
                content_path_hash=uuid.uuid4(),
            )
            for document in documents
        )

    variables = {
        "filters": {"createdAt": {"gte": start.isoformat()}},
        "ordering": [{"createdAt": "ASC"}],
    }
    small, large = measure(gql, DOCUMENTS, variables, "documentsConnection", grow)
    assert large == small
