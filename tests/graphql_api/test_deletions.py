"""`deletions`: what left a network's public view, for a partner's copy.

Every way an item leaves (unpublished, past its expiry date, made private,
deleted, withdrawn) is recorded with the id and the type a list gave, in the
transaction of the change, and read back in (time, id) order, page by page.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from forms_workflows.workflow import transition
from pages.models import (
    ContentPage,
    EventPage,
    Organisation,
    PublicRemoval,
    Signatory,
)
from tests.fixtures.adhesions import make_adhesion
from tests.fixtures.graphql import add_page, codes, make_document

DELETIONS = """
query Deletions($site: String, $since: DateTime!, $after: String, $first: Int! = 100) {
  deletions(site: $site, since: $since, after: $after, first: $first) {
    items { id typename deletedAt reason }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def an_hour_ago():
    return (timezone.now() - datetime.timedelta(hours=1)).isoformat()


def deletions(gql, site="club", since=None, **variables):
    body = gql.query(
        DELETIONS, {"site": site, "since": since or an_hour_ago(), **variables}
    )
    assert "errors" not in body, body
    return body["data"]["deletions"]


def removed(gql, site="club", **variables):
    """(typename, id, reason) of what a partner of `site` must delete."""
    return [
        (item["typename"], int(item["id"]), item["reason"])
        for item in deletions(gql, site, **variables)["items"]
    ]


@pytest.fixture
def club(network_keys):
    return network_keys["club"][1]


@pytest.fixture
def event(club):
    start = timezone.now() + datetime.timedelta(days=30)
    return add_page(
        club,
        EventPage,
        "Fête des potagers",
        start=start,
        end=start + datetime.timedelta(hours=3),
    )


def test_an_unpublished_page_is_a_deletion_for_its_network_only(gql, club, event):
    # given a page each network's partners know (or not)
    # when an editor unpublishes it
    event.unpublish()
    # then the club's partners are told to delete it, by the id the list gave
    assert removed(gql) == [("EventPage", event.pk, "UNPUBLISHED")]
    # and the other network's partners hear nothing
    assert removed(gql, site="req") == []


def test_a_page_past_its_expiry_date_is_a_deletion_once_the_cron_unpublishes_it(
    gql, event
):
    EventPage.objects.filter(pk=event.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert removed(gql) == [("EventPage", event.pk, "EXPIRED")]


def test_a_restriction_deletes_each_public_page_it_hides_and_no_other(gql, club):
    # given a section with a public page, a draft and a page restricted already
    section = add_page(club, ContentPage, "Espace membres")
    public = add_page(section, ContentPage, "Compte rendu")
    add_page(section, ContentPage, "Brouillon", live=False)
    hidden = add_page(section, ContentPage, "Bureau")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    # when the section becomes private
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    # then the section and its public page are deleted, nothing else: the
    # page restricted before left when its own restriction came
    assert removed(gql) == [
        ("ContentPage", hidden.pk, "RESTRICTED"),
        ("ContentPage", section.pk, "RESTRICTED"),
        ("ContentPage", public.pk, "RESTRICTED"),
    ]


def test_a_deleted_page_is_a_deletion_and_a_page_never_published_is_not(
    gql, club, event
):
    draft = add_page(club, ContentPage, "Jamais publiée", live=False)
    event.delete()
    draft.delete()
    assert ("EventPage", event.pk, "DELETED") in removed(gql)
    assert all(item[1] != draft.pk for item in removed(gql))


def test_a_change_rolled_back_leaves_no_deletion(gql, event):
    with pytest.raises(RuntimeError), transaction.atomic():
        event.unpublish()
        raise RuntimeError("the editor's request failed after the unpublish")
    assert removed(gql) == []


def test_a_revoked_signatory_is_a_deletion_in_every_language(gql, network, reviewer):
    adhesion = make_adhesion(network, status="under_review")
    transition(adhesion, "approve", user=reviewer)
    rows = set(Signatory.objects.values_list("pk", flat=True))
    assert len(rows) == 2  # French and English
    transition(adhesion, "revoke", user=reviewer, comment="Plan not followed.")
    assert sorted(removed(gql)) == sorted(("Signatory", pk, "WITHDRAWN") for pk in rows)


def test_a_signatory_made_inactive_or_an_organisation_deleted_by_an_editor(
    gql, network
):
    signatory = Signatory.objects.create(
        site=network["site"], name="Ville de Lyon", kind="local_authority"
    )
    organisation = Organisation.objects.create(
        site=network["site"], name="Cerema", kind="state_service"
    )
    inactive = Signatory.objects.create(
        site=network["site"], name="Ancienne", kind="local_authority", is_active=False
    )
    signatory.is_active = False
    signatory.save()
    organisation_id = organisation.pk
    organisation.delete()
    inactive.delete()  # nobody could see it: nothing to delete
    assert removed(gql) == [
        ("Signatory", signatory.pk, "WITHDRAWN"),
        ("Organisation", organisation_id, "DELETED"),
    ]


def test_a_document_made_private_is_a_deletion_for_every_network(gql, network_keys):
    root = Collection.get_first_root_node()
    council = root.add_child(name="Conseil")
    root.refresh_from_db()  # treebeard counts the children on the row
    archive = root.add_child(name="Archives")
    report = make_document("Compte rendu")
    report.collection = council
    report.save()
    minutes = make_document("Procès-verbal")
    CollectionViewRestriction.objects.create(
        collection=archive, restriction_type="login"
    )
    # when the council's collection is restricted and a document moves to archives
    CollectionViewRestriction.objects.create(
        collection=council, restriction_type="login"
    )
    minutes.collection = archive
    minutes.save()
    # then both networks' partners delete both
    expected = [
        ("Document", report.pk, "RESTRICTED"),
        ("Document", minutes.pk, "RESTRICTED"),
    ]
    assert removed(gql) == expected
    assert removed(gql, site="req") == expected


def test_deletions_come_in_time_order_page_by_page_without_gap_or_repeat(gql, club):
    pages = [add_page(club, ContentPage, f"Page {n}") for n in range(5)]
    moment = timezone.now()
    for page in pages:
        page.unpublish()
    # several removals at the same instant: the record's id breaks the tie
    PublicRemoval.objects.update(removed_at=moment)
    seen, after = [], None
    while True:
        answer = deletions(gql, first=2, after=after)
        seen += [int(item["id"]) for item in answer["items"]]
        after = answer["pageInfo"]["endCursor"]
        if not answer["pageInfo"]["hasNextPage"]:
            break
    assert seen == [page.pk for page in pages]
    assert deletions(gql, after=after)["items"] == []


def test_a_cursor_not_given_by_deletions_is_refused_with_a_code(gql, club):
    body = gql.query(DELETIONS, {"site": "club", "since": an_hour_ago(), "after": "x"})
    assert codes(body) == ["INVALID_CURSOR"]


def test_a_since_older_than_the_record_tells_the_partner_to_read_everything_again(
    gql, club, settings
):
    settings.PUBLIC_REMOVALS_RETENTION_DAYS = 90
    long_ago = timezone.now() - datetime.timedelta(days=91)
    body = gql.query(DELETIONS, {"site": "club", "since": long_ago.isoformat()})
    assert codes(body) == ["RESYNC_REQUIRED"]
    kept_since = datetime.datetime.fromisoformat(
        body["errors"][0]["extensions"]["keptSince"]
    )
    assert long_ago < kept_since < timezone.now() - datetime.timedelta(days=89)
    a_minute_later = kept_since + datetime.timedelta(minutes=1)
    assert deletions(gql, since=a_minute_later.isoformat())["items"] == []


def test_the_daily_prune_deletes_what_is_older_than_the_retention(club, settings):
    settings.PUBLIC_REMOVALS_RETENTION_DAYS = 90
    old, recent = (
        add_page(club, ContentPage, title) for title in ("Vieille", "Récente")
    )
    old.unpublish()
    recent.unpublish()
    PublicRemoval.objects.filter(object_id=old.pk).update(
        removed_at=timezone.now() - datetime.timedelta(days=91)
    )
    call_command("prune_removals", stdout=open("/dev/null", "w"))
    assert list(PublicRemoval.objects.values_list("object_id", flat=True)) == [
        recent.pk
    ]


def test_the_record_holds_no_title_name_or_text(club, event):
    event.unpublish()
    (row,) = PublicRemoval.objects.values()
    assert set(row) == {"id", "site_id", "model", "object_id", "reason", "removed_at"}
    assert "Fête" not in repr(row)


def test_a_page_moved_to_another_network_leaves_the_first_one(gql, network_keys):
    club, req = network_keys["club"][1], network_keys["req"][1]
    section = add_page(club, ContentPage, "Ressources")
    guide = add_page(section, ContentPage, "Guide")
    section.move(req, pos="last-child")
    assert removed(gql) == [
        ("ContentPage", section.pk, "MOVED_AWAY"),
        ("ContentPage", guide.pk, "MOVED_AWAY"),
    ]
    assert removed(gql, site="req") == []


def test_a_kept_answer_of_deletions_is_emptied_by_the_next_removal(gql, network_keys):
    # given a partner's GET, answered once and kept by the answer cache
    since = an_hour_ago()

    def asked():
        response = gql.get(DELETIONS, {"site": "req", "since": since})
        return response.json()["data"]["deletions"]["items"]

    assert asked() == []
    # when a document no network owns is made private
    council = Collection.get_first_root_node().add_child(name="Conseil")
    report = make_document("Compte rendu")
    report.collection = council
    report.save()
    CollectionViewRestriction.objects.create(
        collection=council, restriction_type="login"
    )
    # then the same question gets the new answer
    assert [(i["typename"], int(i["id"])) for i in asked()] == [("Document", report.pk)]
