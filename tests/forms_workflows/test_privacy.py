"""Personal data stays private: never in the public schema, erased when due."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
)

from forms_workflows.models import CharterAdhesion, Notification, StatusChange
from forms_workflows.workflow import transition
from graphql_api.schema import schema
from tests.fixtures.adhesions import make_adhesion

STATUS = """
query Status($token: String!) {
  applicationStatus(token: $token) {
    reference status statusLabel organisationName
    history { status label comment }
  }
}
"""

# Personal fields of applications, as the API would spell them.
PERSONAL = {
    "contactName",
    "contactRole",
    "contactEmail",
    "contactPhone",
    "organisationAddress",
    "signatoryName",
    "signatoryTitle",
    "note",
    "internalNote",
    "statusToken",
    "idempotencyKey",
    "consentGivenAt",
    "recipients",
    "actor",
}
# Public offices may publish an address; people never.
PUBLIC_CONTACT_TYPES = {"Region", "Site", "NetworkSettings"}
# Returned by a mutation to the one who submitted, never readable by a query:
# the issue asks `submitForm` to hand the person's status token back, so that a
# partner site can show the status link and offer the cancellation.
TO_THE_SUBMITTER_ONLY = {"FormSubmission.statusToken"}


def reachable_output_types(roots=None):
    """Every object type a public query or mutation can return, walked from the roots."""
    graphql_schema = schema._schema
    if roots is None:
        roots = [graphql_schema.query_type, graphql_schema.mutation_type]
    seen, queue = {}, [root for root in roots if root]
    while queue:
        current = queue.pop()
        if current.name in seen:
            continue
        if isinstance(current, GraphQLInterfaceType | GraphQLUnionType):
            queue.extend(graphql_schema.get_possible_types(current))
            if isinstance(current, GraphQLUnionType):
                continue
        seen[current.name] = current
        for field in current.fields.values():
            target = field.type
            while isinstance(target, GraphQLNonNull | GraphQLList):
                target = target.of_type
            if isinstance(
                target, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType
            ):
                queue.append(target)
    return seen


def test_no_personal_field_is_reachable_through_the_public_schema():
    # given every type the public schema can return
    types = reachable_output_types()
    assert "CharterAdhesionPayload" in types and "ApplicationStatus" in types
    # then none of them carries an applicant's personal data
    leaks = [
        f"{name}.{field}"
        for name, graphql_type in types.items()
        for field in graphql_type.fields
        if field in PERSONAL
        and not (name in PUBLIC_CONTACT_TYPES and field.startswith("contact"))
    ]
    assert sorted(leaks) == sorted(TO_THE_SUBMITTER_ONLY)
    # and what goes back to the submitter is out of every query's reach
    queried = reachable_output_types([schema._schema.query_type])
    assert not {leak.split(".")[0] for leak in TO_THE_SUBMITTER_ONLY} & set(queried)


def test_the_status_query_shows_public_comments_never_internal_notes(
    gql, network, reviewer
):
    adhesion = make_adhesion(network, status="under_review")
    transition(
        adhesion,
        "request_changes",
        user=reviewer,
        comment="Add a training action.",
        note="Secret reviewer remark",
    )
    data = gql(STATUS, {"token": adhesion.status_token})["applicationStatus"]
    assert data["status"] == "CHANGES_REQUESTED"
    assert data["history"][-1]["comment"] == "Add a training action."
    assert "Secret reviewer remark" not in str(data)
    assert gql(STATUS, {"token": "not-a-token"})["applicationStatus"] is None


def age(adhesion, days):
    CharterAdhesion.objects.filter(pk=adhesion.pk).update(
        status_changed_at=timezone.now() - timedelta(days=days)
    )


def test_retention_anonymises_what_is_due_and_nothing_else(network, reviewer):
    # given applications closed long ago, recently, or still alive
    unconfirmed_old = make_adhesion(network)
    age(unconfirmed_old, 31)
    unconfirmed_recent = make_adhesion(network)
    age(unconfirmed_recent, 10)
    rejected_old = make_adhesion(network, status="under_review")
    transition(rejected_old, "add_note", user=reviewer, note="Called Camille")
    transition(rejected_old, "reject", user=reviewer, comment="Out of scope.")
    age(rejected_old, 400)
    rejected_recent = make_adhesion(network, status="rejected")
    age(rejected_recent, 100)
    approved_old = make_adhesion(network, status="approved")
    age(approved_old, 900)
    reviewing_old = make_adhesion(network, status="under_review")
    age(reviewing_old, 900)
    untouched = [unconfirmed_recent, rejected_recent, approved_old, reviewing_old]
    before = {
        a.pk: CharterAdhesion.objects.filter(pk=a.pk).values()[0] for a in untouched
    }

    # when the retention command runs
    call_command("anonymise_applications", verbosity=0, stdout=open("/dev/null", "w"))

    # then the due ones lost their personal data, through a logged transition
    for adhesion in (unconfirmed_old, rejected_old):
        adhesion.refresh_from_db()
        assert adhesion.status == "anonymised"
        assert adhesion.anonymised_at is not None
        for name in CharterAdhesion.PERSONAL_FIELDS:
            assert getattr(adhesion, name) in ("", None), name
        assert "camille" not in adhesion.contact_email
        assert adhesion.organisation_name == "Union sociale pour l'habitat"
        assert adhesion.reference.startswith("ADH-")
        last = StatusChange.objects.filter(object_id=adhesion.pk).last()
        assert (last.action, last.actor_role) == ("anonymise", "system")
        history = adhesion.status_changes.all()
        assert not history.exclude(note="") and not history.exclude(comment="")
        assert not Notification.objects.filter(object_id=adhesion.pk).exclude(
            recipients=[]
        )
    # and the others are exactly as they were
    for adhesion in untouched:
        assert (
            CharterAdhesion.objects.filter(pk=adhesion.pk).values()[0]
            == before[adhesion.pk]
        )


def test_an_anonymised_applications_status_link_no_longer_answers(gql, network):
    adhesion = make_adhesion(network)
    token = adhesion.status_token
    age(adhesion, 31)
    call_command("anonymise_applications", verbosity=0, stdout=open("/dev/null", "w"))
    assert gql(STATUS, {"token": token})["applicationStatus"] is None
