"""An editor builds a registration form in the admin; a moderator publishes it; it answers."""

from playwright.sync_api import expect
from wagtail.models import Site

from forms_workflows.editor_forms.models import EditorFormPage
from pages.models import TrainingPage
from pages.permissions import create_site_groups
from tests.e2e.helpers import make_user, open_footer_actions, sign_in

# The block chooser's options, by their icons (the labels follow the admin's language).
BLOCK_ICONS = {"text": "pilcrow", "email": "mail", "consent": "success"}


def add_block(page, kind, values):
    """Append a block of `kind` to the form's fields and fill its inputs."""
    before = page.locator("input[name$='-type'][name^='form_fields-']").count()
    page.locator(".c-sf-add-button").last.click()
    page.locator(f".w-combobox__option:has(.icon-{BLOCK_ICONS[kind]})").first.click()
    prefix = f"form_fields-{before}-value"
    expect(page.locator(f"#{prefix}-name")).to_be_visible()
    for name, value in values.items():
        page.fill(f"#{prefix}-{name}", value)


def test_an_editor_builds_a_registration_form_published_through_moderation(
    page, live_demo, shot
):
    base_url = live_demo.url
    site = Site.objects.get(is_default_site=True)
    editors, moderators = create_site_groups(site, "club")
    make_user("e2e-form-editor", editors)
    make_user("e2e-form-moderator", moderators)
    training = TrainingPage.objects.filter(
        locale__language_code="fr", slug__startswith="planifier-un-ecoquartier-"
    ).get()

    # given an editor of the club on a new form page under the home page
    sign_in(page, base_url, "e2e-form-editor")
    page.goto(
        f"{base_url}/admin/pages/add/editor_forms/editorformpage/{site.root_page_id}/"
    )
    page.fill("#id_title", "Inscription à l'atelier mobilités")
    # when they add a name, an e-mail and a consent, choose the training and places
    add_block(page, "text", {"name": "name", "label": "Nom et prénom"})
    add_block(page, "email", {"name": "email", "label": "Adresse électronique"})
    add_block(
        page,
        "consent",
        {"name": "consent", "label": "J'accepte que mes données servent."},
    )
    page.locator("[data-chooser-action-choose]").first.click()
    modal = page.locator(".modal")
    modal.locator("input[name=q]").fill("Planifier")
    modal.locator("a", has_text=training.title).first.click()
    expect(modal).to_be_hidden()
    page.fill("#id_session_number", "1")
    page.fill("#id_places", "12")
    page.fill("#id_privacy_notice", "Vos données servent à organiser l'atelier.")
    shot("1-built")
    # and submit it for moderation
    open_footer_actions(page)
    with page.expect_navigation():
        page.click("button[name='action-submit']")
    shot("2-submitted")
    form = EditorFormPage.objects.get(title="Inscription à l'atelier mobilités")
    # then it waits for a moderator, unpublished
    assert not form.live
    assert form.workflow_in_progress

    # when a moderator of the club approves it
    page.context.clear_cookies()
    sign_in(page, base_url, "e2e-form-moderator")
    page.goto(f"{base_url}/admin/pages/{form.pk}/edit/")
    open_footer_actions(page)
    with page.expect_navigation():
        page.click("button[data-workflow-action-name='approve']")
    form.refresh_from_db()
    assert form.live

    # then the form answers on the site, with its fields, the training and its places
    page.goto(base_url + form.get_url_parts()[2])
    shot("3-live")
    expect(page.locator("#id_name")).to_be_visible()
    expect(page.locator("#id_email")).to_be_visible()
    expect(page.locator("#places-left")).to_contain_text("12 places restantes sur 12")
    expect(page.locator("#event-title")).to_have_text(training.title)
