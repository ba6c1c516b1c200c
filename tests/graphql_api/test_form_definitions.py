"""adhesionForm and projectProposalForm describe exactly what the forms accept."""

import pytest
from django import forms

from forms_workflows.adhesions.forms import CharterAdhesionForm
from forms_workflows.proposals.forms import ProposalDraftForm
from graphql_api.schema import schema
from pages.models import Region

FIELD = """
  name kind label helpText required maxLength maxItems
  choices { value label }
  fileTypes maxFileSize
"""
FORMS = f"""
query Forms($locale: String) {{
  adhesionForm(locale: $locale) {{
    locale privacyNotice consentText consentVersion formTokenMinSeconds
    steps {{ key label }}
    fields {{ {FIELD} fields {{ {FIELD} }} }}
  }}
  projectProposalForm(locale: $locale) {{
    locale steps {{ key label }}
    fields {{ {FIELD} fields {{ {FIELD} }} }}
  }}
}}
"""
# Sent beside the form's fields: the network, the guards and the draft's secrets.
NOT_FORM_FIELDS = {
    "site",
    "formToken",
    "honeypot",
    "idempotencyKey",
    "token",
    "previousToken",
    "year",
}


@pytest.fixture
def regions(two_sites, locales):
    french = Region.objects.create(name="Occitanie", code="OCC", locale=locales["fr"])
    english = french.copy_for_translation(locales["en"])
    english.name = "Occitania"
    english.save()


def current_input_fields(type_name):
    graphql_type = schema._schema.type_map[type_name]
    return {
        name
        for name, item in graphql_type.fields.items()
        if not item.deprecation_reason and name not in NOT_FORM_FIELDS
    }


def by_name(definition):
    return {item["name"]: item for item in definition["fields"]}


@pytest.mark.parametrize(
    "query_field, input_type",
    [
        ("adhesionForm", "CharterAdhesionInput"),
        ("projectProposalForm", "ProjectProposalInput"),
    ],
)
def test_every_input_field_is_described_once(gql, regions, query_field, input_type):
    # when a partner asks for the form
    definition = gql.query(FORMS, {"locale": "fr"})["data"][query_field]
    # then each input field is described, once, and nothing else
    names = [item["name"] for item in definition["fields"]]
    assert len(names) == len(set(names))
    assert set(names) == current_input_fields(input_type)


def enum_values(name):
    return set(schema._schema.type_map[name].values)


def input_type_name(input_type, field_name):
    graphql_type = schema._schema.type_map[input_type].fields[field_name].type
    while hasattr(graphql_type, "of_type"):
        graphql_type = graphql_type.of_type
    return graphql_type.name


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


FORM_NAMES = {
    "organisationType": "organisation_kind",
    "emailLanguage": "language",
    "projectContext": "context",
    "leadingBodyType": "leading_body_kind",
}


@pytest.mark.parametrize(
    "query_field, input_type, form_class",
    [
        ("adhesionForm", "CharterAdhesionInput", CharterAdhesionForm),
        ("projectProposalForm", "ProjectProposalInput", ProposalDraftForm),
    ],
)
def test_every_choice_described_is_one_the_form_accepts_and_no_other(
    gql, regions, query_field, input_type, form_class
):
    # given the form that validates submissions
    form = form_class()
    # when a partner asks for the form's definition
    definition = gql.query(FORMS, {"locale": "en"})["data"][query_field]
    choice_fields = [f for f in definition["fields"] if f["kind"] == "CHOICE"]
    assert choice_fields
    for described in choice_fields:
        values = {choice["value"] for choice in described["choices"]}
        form_name = FORM_NAMES.get(described["name"], snake(described["name"]))
        accepted = {
            str(value) for value, _label in form.fields[form_name].choices if value
        }
        type_name = input_type_name(input_type, described["name"])
        # then an enum input lists exactly the enum's values, which the form accepts
        if type_name not in ("String", "Int"):
            assert values == enum_values(type_name)
            assert {value.lower() for value in values} == accepted
        else:
            assert values == accepted
        for value in accepted:
            field = form.fields[form_name]
            field.clean(value)
        with pytest.raises(forms.ValidationError):
            form.fields[form_name].clean("not-a-choice")


def test_labels_and_choices_come_in_the_requested_language(gql, regions):
    # when a partner asks for the form in French, then in English
    french = by_name(gql.query(FORMS, {"locale": "fr"})["data"]["adhesionForm"])
    english = by_name(gql.query(FORMS, {"locale": "en"})["data"]["adhesionForm"])
    # then labels and region names follow the language
    assert english["organisationName"]["label"] == "Organisation name"
    assert french["organisationName"]["label"] != "Organisation name"
    assert [c["label"] for c in english["region"]["choices"]] == ["Occitania"]
    assert [c["label"] for c in french["region"]["choices"]] == ["Occitanie"]


def test_the_adhesion_form_says_what_each_field_takes(gql, regions):
    # when a partner asks for the adhesion form
    definition = gql.query(FORMS, {"locale": "en"})["data"]["adhesionForm"]
    fields = by_name(definition)
    # then kinds, limits, the plan's groups, the consent and the token delay are given
    assert fields["contactEmail"]["kind"] == "EMAIL"
    assert fields["contactPhone"]["kind"] == "PHONE"
    assert fields["website"]["kind"] == "URL"
    assert fields["organisationAddress"]["kind"] == "LONG_TEXT"
    assert fields["consent"]["kind"] == "BOOLEAN"
    assert fields["organisationName"]["required"] is True
    assert fields["organisationName"]["maxLength"] == 255
    assert fields["registrationNumber"]["required"] is False
    plan = fields["collaborationPlan"]
    assert plan["kind"] == "GROUP_LIST"
    assert [f["name"] for f in plan["fields"]] == ["title", "actions"]
    assert definition["consentText"] and definition["privacyNotice"]
    assert definition["formTokenMinSeconds"] == 3


def test_the_proposal_form_gives_the_files_types_and_sizes(gql, regions, settings):
    # given a deployment that accepts files up to 2 MB
    settings.PROPOSALS_MAX_FILE_SIZE = 2 * 1024 * 1024
    # when a partner asks for the proposal form
    fields = by_name(gql.query(FORMS, {"locale": "en"})["data"]["projectProposalForm"])
    # then each file field says what it takes
    assert fields["plan"]["fileTypes"] == ["application/pdf"]
    assert fields["illustrations"]["maxItems"] == 10
    assert fields["plan"]["maxFileSize"] == 2 * 1024 * 1024
    assert fields["stage"]["required"] is True
    assert [c["value"] for c in fields["stage"]["choices"]] == ["1", "2", "3", "4"]


def test_an_unknown_locale_is_refused_with_its_code(gql, regions):
    body = gql.query(FORMS, {"locale": "de"})
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_LOCALE"
