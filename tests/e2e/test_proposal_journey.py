"""Scenario 3: a project proposal from the public draft to the label's public record.

A project leader saves a draft with a PDF on the hosted pages, is shown and
e-mailed the proposal's secret address, comes back later through the e-mailed
link, completes and sends it; the reviewer checks eligibility and assigns two
experts in the Wagtail admin; an expert scores it; the commission awards stage 1;
the project then shows in the API's `projects`. Every human step goes through
the browser; only the demo data comes from the ORM.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from forms_workflows.proposals.models import Campaign, ProjectProposal
from pages.models import Commitment, Dimension
from tests.e2e.helpers import PDF_BYTES

PROJECT = "Écoquartier des Berges de l'Isère"
CONTACT_EMAIL = "lea.girard@example.org"
REGION_CODE = "ARA"  # no stage is awarded there in the demo's current campaign
PASSWORD = "demo-password"  # every demo account's (docs/demo-accounts.md)
# The first step refuses an answer sent less than 3 seconds after it was shown.
# A minimal well-formed PDF: the proposals app reads the type from the first bytes.
PROJECTS_QUERY = """
query Projects($region: String, $year: Int) {
  projects(stage: 1, region: $region, year: $year, locale: "fr") {
    totalCount
    items { name commune region regionCode stage year }
  }
}
"""


@pytest.fixture
def private_media(settings, tmp_path):
    """Keep the uploaded files of this test in its own directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def pdfs(tmp_path):
    paths = {}
    for name in ("plan-masse.pdf", "charte-signee.pdf"):
        paths[name] = tmp_path / name
        paths[name].write_bytes(PDF_BYTES)
    return paths


def sign_in(browser_page, base_url, username):
    """Open a fresh session in the Wagtail admin as `username`."""
    browser_page.context.clear_cookies()
    browser_page.goto(f"{base_url}/admin/login/")
    browser_page.fill("#id_username", username)
    browser_page.fill("#id_password", PASSWORD)
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(f"{base_url}/admin/")


def save_and_continue(browser_page):
    browser_page.get_by_role("button", name="Enregistrer et continuer").click()
    browser_page.wait_for_load_state("domcontentloaded")


def mails_to_applicant():
    return [message for message in mail.outbox if CONTACT_EMAIL in message.to]


def link_in(message):
    """The proposal's secret address in an e-mail."""
    return re.search(r"https?://\S+/proposals/[\w-]+/", message.body).group(0)


def status_shown(browser_page):
    """The status an applicant or a reviewer reads on the page."""
    return browser_page.locator("dd[data-status]").inner_text().strip()


def success_message(browser_page):
    return browser_page.locator(".messages").inner_text()


def open_proposal_in_admin(browser_page, reference):
    """From the admin menu, find the proposal in the listing and open it."""
    browser_page.get_by_role("link", name="Candidatures de projets").first.click()
    browser_page.get_by_role("link", name=reference, exact=True).click()
    browser_page.get_by_role("heading", name=reference).first.wait_for()


def experts_table(browser_page):
    """The table of the experts assigned, under its heading on the review screen."""
    heading = browser_page.get_by_role("heading", name="Experts", exact=True)
    return heading.locator("xpath=following-sibling::table[1]")


def decide(browser_page, button, comment=""):
    if comment:
        browser_page.get_by_label("Commentaire pour le demandeur").fill(comment)
    browser_page.get_by_role("button", name=button, exact=True).click()
    browser_page.wait_for_load_state("domcontentloaded")


def test_a_proposal_goes_from_draft_to_an_awarded_stage_in_the_api(
    page, live_demo, private_media, pdfs, shot
):
    base_url = live_demo.url
    year = timezone.localdate().year
    # the demo's campaign of the current year is open all year
    referentiel = Campaign.objects.get(year=year).referentiel
    dimensions = Dimension.objects.filter(referentiel=referentiel).order_by("number")
    commitments = Commitment.objects.filter(dimension__referentiel=referentiel)
    total_steps = dimensions.count() + 4  # project, note, dimensions, files, send
    mine = ProjectProposal.objects.filter(project__name=PROJECT)

    # given the hosted proposal form of the campaign open today
    page.goto(f"{base_url}/proposals/new/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert f"Étape 1 sur {total_steps}" in page.inner_text("#progress")
    # when a project leader fills the first step and saves it
    page.get_by_label("Nom du projet").fill(PROJECT)
    page.get_by_label("Commune").fill("Grenoble")
    page.get_by_label("Région").select_option(label="Auvergne-Rhône-Alpes")
    page.get_by_label("Contexte").select_option("urban")
    page.get_by_label("Superficie (hectares)").fill("8.5")
    page.get_by_label("Nombre de logements").fill("320")
    page.get_by_label("Porteur du projet").fill("Ville de Grenoble")
    page.get_by_label("Type de porteur").select_option("municipality")
    page.get_by_label("Étape visée").select_option("1")
    page.get_by_label("Personne à contacter", exact=True).fill("Léa Girard")
    page.get_by_label("Adresse électronique").fill(CONTACT_EMAIL)
    page.get_by_label(re.compile("^J'accepte que le réseau")).check()
    page.get_by_role("combobox", name="Langue").select_option("fr")
    shot("01-project-step")
    save_and_continue(page)
    # then the draft exists and the applicant continues on their proposal's own page
    assert f"Étape 2 sur {total_steps}" in page.inner_text("#progress")
    assert "Votre brouillon est enregistré." in page.inner_text("main")
    assert status_shown(page) == "brouillon"
    reference = page.get_by_role("heading", level=1).inner_text().split()[-1]
    assert re.fullmatch(rf"PRJ-{year}-\d{{4}}", reference), reference
    secret_link = page.url.split("?")[0]
    assert re.search(r"/proposals/[\w-]{20,}/$", secret_link), secret_link
    # and the page shows that address as text, to keep, and where it was e-mailed
    private_link = page.get_by_role("region", name="Votre lien privé")
    assert private_link.locator("#secret-link").inner_text() == secret_link
    assert "seul moyen de revenir" in private_link.inner_text()
    assert f"envoyé par e-mail à {CONTACT_EMAIL}" in private_link.inner_text()
    # and one e-mail, in French, gives the reference and the same secret address
    (draft_mail,) = mails_to_applicant()
    assert draft_mail.extra_headers.get("Content-Language") == "fr"
    assert draft_mail.subject == (
        f"Votre candidature ÉcoQuartier {reference} : brouillon enregistré"
    )
    mailed_path = urlsplit(link_in(draft_mail)).path
    assert secret_link.endswith(mailed_path)

    # when they write the presentation note and attach the site plan, as a draft
    page.get_by_label("Note de présentation").fill(
        "Un quartier de 320 logements sur une ancienne friche ferroviaire, "
        "au bord de l'Isère, desservi par le tramway."
    )
    save_and_continue(page)
    page.get_by_role("link", name="Plan et fichiers").click()
    page.get_by_label("Plan masse (PDF)").set_input_files(pdfs["plan-masse.pdf"])
    save_and_continue(page)
    # then the last step says what is still missing, the plan no longer
    shot("02-draft-with-plan")
    assert "Votre brouillon est enregistré." in page.inner_text("main")
    missing = page.locator("#proposal-form li[data-code=REQUIRED]")
    missing_fields = missing.evaluate_all("items => items.map(i => i.dataset.field)")
    assert "charter" in missing_fields
    assert "Joignez la charte ÉcoQuartier signée en PDF." in missing.all_inner_texts()
    assert "answers.1.answer" in missing_fields
    assert "plan" not in missing_fields
    assert "presentationNote" not in missing_fields
    # and the later saves sent no second e-mail
    assert mails_to_applicant() == [draft_mail]

    # when they come back later, in a new session, through the e-mailed link
    # (the e-mail names the public host; this server answers on another port)
    page.context.clear_cookies()
    page.goto(base_url + mailed_path)
    # then their draft is there, with its file
    assert page.url.split("?")[0] == secret_link
    assert status_shown(page) == "brouillon"
    with page.expect_navigation():
        page.get_by_role("link", name="Plan et fichiers").click()
    assert "plan-masse.pdf" in page.locator("#proposal-form").inner_text()
    shot("03-back-at-the-secret-link")

    # when they answer every commitment, one step per dimension
    page.get_by_role("link", name=dimensions[0].title).click()
    for step, dimension in enumerate(dimensions, start=3):
        assert f"Étape {step} sur {total_steps}" in page.inner_text("#progress")
        fieldsets = page.locator("main fieldset")
        assert fieldsets.count() == commitments.filter(dimension=dimension).count()
        for index in range(fieldsets.count()):
            fieldset = fieldsets.nth(index)
            fieldset.get_by_label("Votre réponse").fill(
                "Engagement tenu : concertation, sobriété et mixité du programme."
            )
            fieldset.get_by_label(re.compile("^Auto-évaluation")).select_option(
                str(index % 4)
            )
        save_and_continue(page)
        assert "Votre brouillon est enregistré." in page.inner_text("main")
    # and attach the signed charter on the files step that follows
    assert "plan-masse.pdf" in page.locator("#proposal-form").inner_text()
    page.get_by_label(re.compile("^Charte ÉcoQuartier signée")).set_input_files(
        pdfs["charte-signee.pdf"]
    )
    save_and_continue(page)
    # then the last step says the proposal is complete
    assert "Votre candidature est complète." in page.inner_text("main")
    shot("04-complete")

    # when they send it
    page.get_by_role("button", name="Envoyer la candidature").click()
    page.wait_for_load_state("domcontentloaded")
    shot("05-sent")
    # then they are thanked, the status says it is sent
    assert "Merci : votre candidature est envoyée." in page.inner_text("main")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert status_shown(page) == "déposée"
    # and the confirmation, their second e-mail, carries the same secret address
    first, confirmation = mails_to_applicant()
    assert first is draft_mail
    assert confirmation.extra_headers.get("Content-Language") == "fr"
    assert confirmation.subject == (
        f"Votre candidature ÉcoQuartier {reference} est bien reçue"
    )
    assert urlsplit(link_in(confirmation)).path == mailed_path
    proposal = mine.get()
    assert proposal.status == "submitted"
    assert proposal.attachments.count() == 2

    # when the reviewer checks eligibility and assigns two experts in the admin
    sign_in(page, base_url, "reviewer")
    open_proposal_in_admin(page, reference)
    assert status_shown(page) == "déposée"
    decide(page, "Commencer l'examen de recevabilité")
    assert f"{reference} est désormais : examen de recevabilité" in success_message(
        page
    )
    decide(page, "Recevable : confier aux experts")
    assert f"{reference} est désormais : expertise" in success_message(page)
    for expert in ("expert-1", "expert-2"):
        # the list names each expert as the admin does: by their full name
        name = get_user_model().objects.get(username=expert).get_full_name()
        page.get_by_label("Désigner un expert").select_option(label=name)
        page.get_by_role("button", name="Désigner", exact=True).click()
        page.wait_for_load_state("domcontentloaded")
        assert "Expert désigné." in success_message(page)
    shot("06-experts-assigned")
    # then both experts are listed on the review screen, without a review yet
    assigned = experts_table(page)
    for expert in ("expert-1", "expert-2"):
        row = assigned.locator("tbody tr", has_text=expert)
        assert row.locator("td").nth(2).inner_text() == "—"  # no recommendation
    assert status_shown(page) == "expertise"

    # when expert-1 opens the proposal assigned to them and scores it
    sign_in(page, base_url, "expert-1")
    open_proposal_in_admin(page, reference)
    # and downloads the plan the applicant attached to the draft
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("plan-masse.pdf")).click()
    assert download.value.suggested_filename == "plan-masse.pdf"
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    page.get_by_role("link", name="Rédiger ou mettre à jour mon expertise").click()
    page.get_by_label("Date de la visite de site").fill(f"{year}-06-12")
    page.get_by_label("Recommandation").select_option(label="attribuer l'étape")
    page.get_by_label("Synthèse").fill("Visite réalisée : un projet exemplaire.")
    scores = page.get_by_label(re.compile(r"^Note, engagement \d+$"))
    assert scores.count() == commitments.count()
    for index in range(scores.count()):
        scores.nth(index).select_option(str((index + 1) % 4))
    page.get_by_label("Commentaire, engagement 1", exact=True).fill(
        "Concertation exemplaire avec les habitants."
    )
    shot("07-expert-scoring")
    page.get_by_role("button", name="Enregistrer mon expertise").click()
    page.wait_for_load_state("domcontentloaded")
    # then their review shows on the review screen
    assert "Votre expertise est enregistrée." in success_message(page)
    expert_row = experts_table(page).locator("tr", has_text="expert-1")
    assert "attribuer l'étape" in expert_row.inner_text()
    assert "un projet exemplaire" in expert_row.inner_text()
    shot("08-expert-review-saved")

    # when the reviewer sends the proposal to the commission
    sign_in(page, base_url, "reviewer")
    open_proposal_in_admin(page, reference)
    decide(page, "Présenter à la commission")
    assert f"{reference} est désormais : devant la commission" in success_message(page)

    # and the commission awards stage 1
    sign_in(page, base_url, "commission")
    open_proposal_in_admin(page, reference)
    decide(
        page,
        "Attribuer l'étape",
        comment="La commission salue la reconversion de la friche.",
    )
    shot("09-awarded")
    # then the review screen says so
    assert f"{reference} est désormais : labellisée" in success_message(page)
    assert status_shown(page) == "labellisée"

    # and the applicant's third and last e-mail tells the award, in French
    first, second, decision = mails_to_applicant()
    assert (first, second) == (draft_mail, confirmation)
    assert decision.extra_headers.get("Content-Language") == "fr"
    assert decision.subject == (
        f"Des nouvelles de votre candidature ÉcoQuartier {reference}"
    )
    assert "La commission salue la reconversion de la friche." in decision.body
    assert urlsplit(link_in(decision)).path == mailed_path
    # and they read it, with the commission's comment, at their link, in French
    page.context.clear_cookies()
    page.goto(secret_link)
    shot("10-applicant-sees-the-award")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert status_shown(page) == "labellisée"
    assert "La commission salue la reconversion de la friche." in page.inner_text(
        "main"
    )

    # and the project is in the public record served by the API
    response = page.request.post(
        f"{base_url}/graphql/",
        data={
            "query": PROJECTS_QUERY,
            "variables": {"region": REGION_CODE, "year": year},
        },
    )
    assert response.ok, response.text()
    body = response.json()
    assert "errors" not in body, body
    projects = body["data"]["projects"]
    assert projects["items"] == [
        {
            "name": PROJECT,
            "commune": "Grenoble",
            "region": "Auvergne-Rhône-Alpes",
            "regionCode": REGION_CODE,
            "stage": 1,
            "year": year,
        }
    ]
    assert projects["totalCount"] == 1
