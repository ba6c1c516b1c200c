"""The partner API: drafts, submission with files, and the public record."""

import json

import pytest
from django.test import Client

from forms_workflows.proposals.models import LabelAward, Project, ProjectProposal
from forms_workflows.workflow import transition
from tests.fixtures.proposals import EXE_BYTES, PDF_BYTES, new_proposal

SAVE = """
mutation Save($input: ProjectProposalInput!) {
  saveProjectProposalDraft(input: $input) {
    proposal { reference status token }
    errors { field code message }
  }
}
"""
SUBMIT = """
mutation Submit($input: ProjectProposalInput!) {
  submitProjectProposal(input: $input) {
    proposal { reference status token }
    errors { field code message }
  }
}
"""
PROJECTS = """
query Projects($stage: Int, $region: String, $year: Int, $locale: String, $limit: Int) {
  projects(stage: $stage, region: $region, year: $year, locale: $locale, limit: $limit) {
    totalCount
    items { name commune region regionCode stage year publicSummary }
  }
}
"""
PUBLIC_FIELDS = {
    "id",  # the label award's, which partners keep a copy by
    "name",
    "commune",
    "region",
    "regionCode",
    "stage",
    "year",
    "publicSummary",
}


def post(client, query, variables):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    return response.json()


def api_input(**extra):
    data = {
        "projectName": "Les Rives",
        "commune": "Montpellier",
        "region": "OCC",
        "context": "urban",
        "leadingBody": "Ville de Montpellier",
        "leadingBodyKind": "municipality",
        "stage": 1,
        "presentationNote": "Un quartier sur d'anciennes friches.",
        "contactName": "Claire Martin",
        "contactEmail": "claire@example.org",
        "consent": True,
        "answers": [
            {"commitment": n, "answer": f"Réponse {n}", "selfAssessment": 2}
            for n in range(1, 5)
        ],
        "formToken": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def no_guards(monkeypatch):
    from forms_workflows import guards

    monkeypatch.setattr(guards, "check_form_token", lambda token: None)


def multipart(client, query, variables, files):
    """POST by the GraphQL multipart request convention."""
    mapping = {str(i): [path] for i, (path, _f) in enumerate(files)}
    body = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps(mapping),
    }
    for i, (_path, upload) in enumerate(files):
        body[str(i)] = upload
    return client.post("/graphql/", body).json()


def test_a_draft_with_incomplete_answers_and_its_submission(
    client, campaign, region, no_guards
):
    # given a draft sent with two answers, one without its self-assessment
    saved = post(
        client,
        SAVE,
        {
            "input": api_input(
                answers=[
                    {"commitment": 1, "answer": "Oui", "selfAssessment": 1},
                    {"commitment": 2, "answer": "En cours"},
                ]
            )
        },
    )["data"]["saveProjectProposalDraft"]
    assert saved["errors"] == []
    assert saved["proposal"]["status"] == "DRAFT"

    # when the partner submits it with its token only
    sent = post(client, SUBMIT, {"input": {"token": saved["proposal"]["token"]}})

    # then every missing item is listed with its code, the stored values kept
    payload = sent["data"]["submitProjectProposal"]
    assert payload["proposal"] is None
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("answers.2.selfAssessment", "REQUIRED"),
        ("answers.3.answer", "REQUIRED"),
        ("answers.3.selfAssessment", "REQUIRED"),
        ("answers.4.answer", "REQUIRED"),
        ("answers.4.selfAssessment", "REQUIRED"),
        ("plan", "REQUIRED"),
        ("charter", "REQUIRED"),
    }
    assert ProjectProposal.objects.get().answers.count() == 2


def test_a_proposal_is_submitted_with_its_files_by_multipart(
    client, campaign, region, no_guards
):
    # given a complete input whose plan and charter are files of the request
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [
        ("variables.input.plan", SimpleUploadedFile("plan.pdf", PDF_BYTES)),
        ("variables.input.charter", SimpleUploadedFile("charte.pdf", PDF_BYTES)),
    ]

    # when it is submitted
    body = multipart(
        client, SUBMIT, {"input": api_input(plan=None, charter=None)}, files
    )

    # then the proposal is submitted with both files
    payload = body["data"]["submitProjectProposal"]
    assert payload["errors"] == []
    assert payload["proposal"]["status"] == "SUBMITTED"
    assert payload["proposal"]["reference"].startswith("PRJ-")
    proposal = ProjectProposal.objects.get()
    assert sorted(proposal.attachments.values_list("kind", flat=True)) == [
        "charter",
        "plan",
    ]


def test_a_renamed_executable_is_refused_through_the_api(
    client, campaign, region, no_guards
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [("variables.input.plan", SimpleUploadedFile("plan.pdf", EXE_BYTES))]

    body = multipart(client, SAVE, {"input": api_input(plan=None)}, files)

    payload = body["data"]["saveProjectProposalDraft"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("plan", "FILE_TYPE_NOT_ALLOWED")
    ]
    assert not ProjectProposal.objects.exists()


def test_a_new_draft_without_a_form_token_is_refused(client, campaign, region):
    body = post(client, SAVE, {"input": api_input()})

    errors = body["data"]["saveProjectProposalDraft"]["errors"]
    assert [e["code"] for e in errors] == ["FORM_TOKEN_INVALID"]


def test_an_award_puts_the_project_in_projects_with_public_fields_only(
    client, campaign, region, commission
):
    # given a proposal before the commission
    proposal = new_proposal()
    proposal.project.public_summary = "D'anciennes friches devenues quartier."
    proposal.project.save()
    ProjectProposal.objects.filter(pk=proposal.pk).update(status="commission")
    before = post(client, PROJECTS, {})["data"]["projects"]

    # when the commission awards stage 1
    transition(proposal, "award", user=commission)

    # then the project is listed, with public fields only
    after = post(client, PROJECTS, {"stage": 1})["data"]["projects"]
    assert before["totalCount"] == 0
    assert after["totalCount"] == 1
    assert after["items"] == [
        {
            "name": "Les Rives",
            "commune": "Montpellier",
            "region": "Occitanie",
            "regionCode": "OCC",
            "stage": 1,
            "year": campaign.year,
            "publicSummary": "D'anciennes friches devenues quartier.",
        }
    ]


def test_the_labelled_project_type_has_only_public_fields():
    from graphql_api.schema import schema

    fields = schema.get_type_by_name("LabelledProject").fields
    assert {f.graphql_name or f.name for f in fields} <= PUBLIC_FIELDS | {
        "public_summary",
        "region_code",
    }
    from graphql_api.schema import schema as served

    sdl = served.as_str()
    block = sdl.split("type LabelledProject {", 1)[1].split("}", 1)[0]
    names = {line.split(":")[0].strip() for line in block.splitlines() if ":" in line}
    assert names == PUBLIC_FIELDS


def test_projects_filters_by_stage_region_and_year(
    client, campaign, past_campaign, region
):
    a = Project.objects.create(name="A", commune="X", region=region)
    b = Project.objects.create(name="B", commune="Y")
    LabelAward.objects.create(project=a, stage=1, campaign=past_campaign)
    LabelAward.objects.create(project=a, stage=2, campaign=campaign)
    LabelAward.objects.create(project=b, stage=1, campaign=campaign)

    def names(**variables):
        items = post(client, PROJECTS, variables)["data"]["projects"]["items"]
        return sorted((i["name"], i["stage"]) for i in items)

    assert names(stage=1) == [("A", 1), ("B", 1)]
    assert names(region="OCC") == [("A", 1), ("A", 2)]
    assert names(year=campaign.year) == [("A", 2), ("B", 1)]


@pytest.mark.parametrize("count", [10, 200])
def test_the_query_count_of_projects_does_not_grow(
    count, campaign, region, django_assert_max_num_queries
):
    # given `count` labelled projects
    projects = Project.objects.bulk_create(
        Project(name=f"Projet {i}", commune="C", region=region) for i in range(count)
    )
    LabelAward.objects.bulk_create(
        LabelAward(project=p, stage=1, campaign=campaign) for p in projects
    )
    client = Client()

    # when a page of 100 is asked for, in English
    with django_assert_max_num_queries(8):
        body = post(client, PROJECTS, {"limit": 100, "locale": "en"})

    # then the page is full and the count right, in the same number of queries
    assert body["data"]["projects"]["totalCount"] == count
    assert len(body["data"]["projects"]["items"]) == min(count, 100)


def test_an_expert_reads_no_proposal_through_the_api(client, campaign, region, expert):
    # given an expert signed in, and a proposal not assigned to them
    proposal = new_proposal()
    client.force_login(expert)

    # when they ask the API for it with its reference instead of its secret
    body = post(
        client,
        SUBMIT,
        {"input": {"token": proposal.reference}},
    )

    # then nothing of it comes back
    payload = body["data"]["submitProjectProposal"]
    assert payload["proposal"] is None
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert "Claire" not in json.dumps(body)


def test_the_labelled_projects_page_shows_public_fields_only(
    client, campaign, region, commission
):
    # given an awarded proposal and a project still in review
    awarded = new_proposal()
    awarded.project.public_summary = "Un quartier sur d'anciennes friches."
    awarded.project.save()
    ProjectProposal.objects.filter(pk=awarded.pk).update(status="commission")
    transition(awarded, "award", user=commission)
    new_proposal(project_name="Le Plateau")

    # when the public page is read
    html = client.get("/labelled-projects/?stage=1").content.decode()

    # then the awarded project is there, without its file or contact
    assert "Les Rives" in html
    assert "Un quartier sur d&#x27;anciennes friches." in html
    assert "Le Plateau" not in html
    assert "Claire" not in html and "claire@example.org" not in html
    assert "Réponse 1" not in html


STATUS = """
query Status($token: String!) {
  projectProposal(token: $token) {
    reference status editable
    history { status comment }
    missing { field code }
  }
}
"""


def test_the_applicant_reads_where_the_proposal_stands_and_what_is_missing(
    client, campaign, region
):
    from forms_workflows.proposals import services

    draft = services.save_draft(
        {"project_name": "Les Rives", "stage": "1"}, check_guards=False
    ).proposal

    report = post(client, STATUS, {"token": draft.status_token})["data"][
        "projectProposal"
    ]
    unknown = post(client, STATUS, {"token": draft.reference})["data"]

    assert report["reference"] == draft.reference
    assert report["status"] == "DRAFT"
    assert report["editable"] is True
    assert {"field": "plan", "code": "REQUIRED"} in report["missing"]
    assert unknown["projectProposal"] is None


def test_the_adhesions_status_query_ignores_a_proposals_token(client, campaign, region):
    from forms_workflows.proposals import services

    draft = services.save_draft(
        {"project_name": "Les Rives", "stage": "1"}, check_guards=False
    ).proposal

    body = post(
        client,
        "query($t: String!) { applicationStatus(token: $t) { reference } }",
        {"t": draft.status_token},
    )

    assert body == {"data": {"applicationStatus": None}}


def test_a_draft_sent_with_the_typed_choices_keeps_them(
    client, campaign, region, no_guards
):
    # given a partner who sends the enums rather than the deprecated Strings
    data = api_input(
        projectContext="RURAL", leadingBodyType="ASSOCIATION", emailLanguage="EN"
    )
    del data["context"], data["leadingBodyKind"]
    # when the draft is saved
    saved = post(client, SAVE, {"input": data})["data"]["saveProjectProposalDraft"]
    # then it holds those choices
    assert saved["errors"] == []
    proposal = ProjectProposal.objects.select_related("project").get()
    assert (proposal.project.context, proposal.project.leading_body_kind) == (
        "rural",
        "association",
    )
    assert proposal.language == "en"
