"""The application contract: every kind says what is personal, and the core erases it."""

import pytest
from django.db import models

from forms_workflows.models.application import Application
from forms_workflows.registry import APPLICATION_MODELS
from forms_workflows.workflow import transition
from tests.fixtures.adhesions import make_adhesion

# What an applicant can type into: text, addresses, links, structured answers.
TYPED = (models.CharField, models.TextField, models.JSONField)


def typed_fields(model):
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, TYPED) and field.editable
    }


@pytest.mark.parametrize("model", APPLICATION_MODELS, ids=lambda m: m.__name__)
def test_every_field_an_applicant_types_is_declared_personal_or_not(model):
    # A field missing from both lists could keep a name after anonymisation.
    assert issubclass(model, Application)
    declared = set(model.PERSONAL_FIELDS) | set(model.NOT_PERSONAL_FIELDS)
    assert typed_fields(model) - declared == set()
    assert set(model.PERSONAL_FIELDS) & set(model.NOT_PERSONAL_FIELDS) == set()
    assert declared <= {field.name for field in model._meta.concrete_fields}


def test_the_kinds_are_all_registered():
    assert {model.__name__ for model in APPLICATION_MODELS} == {
        "CharterAdhesion",
        "ProjectProposal",
        "FormSubmission",
    }


def test_erasing_blanks_every_personal_field_and_keeps_the_rest(network):
    adhesion = make_adhesion(network)
    kept = {name: getattr(adhesion, name) for name in adhesion.NOT_PERSONAL_FIELDS}

    adhesion.erase_personal_data()

    adhesion.refresh_from_db()
    assert {name: getattr(adhesion, name) for name in adhesion.PERSONAL_FIELDS} == {
        name: "" for name in adhesion.PERSONAL_FIELDS
    }
    assert {name: getattr(adhesion, name) for name in adhesion.NOT_PERSONAL_FIELDS} == (
        kept
    )
    assert adhesion.anonymised_at is not None


def test_the_public_history_leaves_internal_notes_out(network, reviewer):
    adhesion = make_adhesion(network, status="under_review")
    transition(adhesion, "add_note", user=reviewer, note="Called Camille")
    transition(adhesion, "reject", user=reviewer, comment="Out of scope.")

    steps = adhesion.public_history()

    assert [step["action"] for step in steps] == ["submit", "reject"]
    assert steps[-1]["comment"] == "Out of scope."
