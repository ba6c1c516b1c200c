"""Fixed choices are enums; the old String fields and arguments last one release."""

from graphql_api.core.version import API_VERSION
from graphql_api.schema import schema
from tests.fixtures.graphql import codes, names

EVENTS = """
query E($status: EventStatus) {
  events(eventStatus: $status) { items { title eventStatus status } }
}
"""
SIGNATORIES = """
query S($type: OrganisationKind) {
  signatories(organisationType: $type) { items { name organisationType kind } }
  organisations(organisationType: $type) { items { name organisationType } }
}
"""


def test_events_filter_by_a_typed_status_and_say_theirs(gql, programme):  # noqa: F811
    # when a partner asks for past events with the enum
    body = gql.query(EVENTS, {"status": "PAST"})
    # then they get the past ones, their status typed, the old String beside it
    assert body["data"]["events"]["items"] == [
        {"title": "Atelier passé", "eventStatus": "PAST", "status": "past"}
    ]


def test_the_old_string_status_argument_still_filters(gql, programme):  # noqa: F811
    body = gql.query('{ events(status: "scheduled") { items { title } } }')
    assert names(body, "events") == ["Rencontre nationale"]


def test_a_value_outside_an_enum_is_refused_before_anything_runs(
    gql,
    programme,  # noqa: F811
):
    body = gql.query(EVENTS, {"status": "LOST"})
    assert codes(body) == ["BAD_USER_INPUT"]


def test_signatories_and_organisations_filter_by_a_typed_kind(
    gql,
    signatories,  # noqa: F811
):
    body = gql.query(SIGNATORIES, {"type": "SOCIAL_LANDLORD"})
    assert body["data"]["signatories"]["items"] == [
        {
            "name": "Habitat Sud",
            "organisationType": "SOCIAL_LANDLORD",
            "kind": "social_landlord",
        }
    ]
    assert body["data"]["organisations"]["items"] == []
    state = gql.query(SIGNATORIES, {"type": "STATE_SERVICE"})
    assert state["data"]["organisations"]["items"] == [
        {"name": "Cerema", "organisationType": "STATE_SERVICE"}
    ]


def deprecated_items():
    """(where, reason) of every deprecated field, argument and input field."""
    found = []
    for type_name, graphql_type in schema._schema.type_map.items():
        if type_name.startswith("__"):
            continue
        for name, item in getattr(graphql_type, "fields", {}).items():
            if getattr(item, "deprecation_reason", None):
                found.append((graphql_type, name, item.deprecation_reason))
            for arg_name, argument in getattr(item, "args", {}).items():
                if argument.deprecation_reason:
                    found.append((graphql_type, arg_name, argument.deprecation_reason))
    return found


def test_every_deprecated_string_names_a_typed_replacement_beside_it():
    # given the schema partners generate their clients from
    deprecated = deprecated_items()
    assert deprecated
    for graphql_type, name, reason in deprecated:
        # a path into a filter input (`filters.region.code`) starts beside it
        replacement = reason.split("`")[1].split(".")[0]
        # then the replacement exists on the same type (or the same field's args)
        siblings = set(graphql_type.fields)
        for item in graphql_type.fields.values():
            siblings |= set(getattr(item, "args", {}))
        assert replacement in siblings, (graphql_type, name)


def test_the_api_version_says_the_contract_changed(gql):
    assert gql.query("{ apiVersion }")["data"]["apiVersion"] == API_VERSION == "2"
