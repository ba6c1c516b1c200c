"""Approval publishes the signatory, revocation takes it down."""

from wagtail_localize.models import Translation

from forms_workflows.workflow import transition
from pages.models import Signatory
from tests.fixtures.adhesions import make_adhesion

SIGNATORIES = """
query Signatories($locale: String) {
  signatories(site: "club", locale: $locale) { items { name } totalCount }
}
"""


def signatory_names(gql, locale="fr"):
    data = gql(SIGNATORIES, {"locale": locale})["signatories"]
    return [item["name"] for item in data["items"]]


def test_an_approved_adhesion_becomes_a_live_signatory_and_a_revoked_one_goes(
    gql, network, reviewer
):
    # given an adhesion under review
    adhesion = make_adhesion(network, status="under_review")
    charter = network["charter"]
    assert list(charter.signatories()) == []
    # when a reviewer approves it
    transition(adhesion, "approve", user=reviewer)
    # then the charter page and the API list the organisation with its plan
    (signatory,) = charter.signatories()
    assert signatory.name == adhesion.organisation_name
    assert signatory.is_active
    assert signatory.site == network["site"]
    assert signatory.kind == "social_landlord"
    assert signatory.region.code == "OCC"
    assert [
        (block.value["title"], list(block.value["actions"]))
        for block in signatory.collaboration_plan
    ] == [("Partager nos réseaux", ["Visites communes"])]
    assert signatory_names(gql) == [adhesion.organisation_name]
    assert signatory_names(gql, "en") == [adhesion.organisation_name]
    # the English entry is a Wagtail Localize translation editors can work on
    assert Translation.objects.filter(
        source__object_id=signatory.translation_key,
        target_locale__language_code="en",
    ).exists()
    # when the signature is revoked
    transition(adhesion, "revoke", user=reviewer, comment="Plan not followed.")
    # then it is gone from the page and the API, in every language
    assert list(charter.signatories()) == []
    assert signatory_names(gql) == []
    assert signatory_names(gql, "en") == []
    assert Signatory.objects.filter(is_active=True).count() == 0


def test_a_rejected_adhesion_publishes_nothing(network, reviewer):
    adhesion = make_adhesion(network, status="under_review")
    transition(adhesion, "reject", user=reviewer, comment="Out of scope.")
    assert Signatory.objects.count() == 0
