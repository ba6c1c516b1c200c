"""An editor works on their own network only: its pages and its snippets."""

import pytest
from django.urls import reverse
from wagtail.models import Page, Site, WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from pages.models import ContentPage, HomePage, Organisation, Signatory
from pages.permissions import create_site_groups

from .helpers import locales, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def club_groups(club):
    return create_site_groups(club, "club")


@pytest.fixture
def editor(club_groups):
    editors, _moderators = club_groups
    return make_user("claire", editors)


@pytest.fixture
def moderator(club_groups):
    _editors, moderators = club_groups
    return make_user("marc", moderators)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def publish_content_page(parent, title):
    page = ContentPage(title=title)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def edit_data(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "page",
            "introduction": rich_text(""),
            "body": streamfield([]),
        }
    )


def test_an_editor_opens_the_pages_of_their_site_in_both_languages(editor_client, club):
    page = publish_content_page(club.root_page, "Le club")
    english_home = club.root_page.get_translations().get()

    for target in (page, english_home):
        response = editor_client.get(
            reverse("wagtailadmin_pages:edit", args=[target.pk])
        )
        assert response.status_code == 200


def test_an_editor_cannot_open_or_change_another_sites_page(editor_client, club, req):
    page = publish_content_page(req.root_page, "Nos missions")

    opened = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    posted = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_data("Piraté")
    )

    assert opened.status_code in (302, 403)
    assert posted.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "Nos missions"
    assert page.get_latest_revision().content["title"] == "Nos missions"


def test_an_editor_cannot_add_a_page_to_another_site(editor_client, club, req):
    url = reverse(
        "wagtailadmin_pages:add", args=["pages", "contentpage", req.root_page.pk]
    )

    response = editor_client.post(url, edit_data("Intrus"))

    assert response.status_code in (302, 403)
    assert not ContentPage.objects.filter(title="Intrus").exists()


def test_an_editor_submits_for_moderation_instead_of_publishing(editor_client, club):
    page = publish_content_page(club.root_page, "Le club")
    data = edit_data("Le club, nouvelle version") | {"action-publish": "action-publish"}

    editor_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_data("Le club, nouvelle version") | {"action-submit": "action-submit"},
    )

    page.refresh_from_db()
    assert page.title == "Le club"
    state = page.current_workflow_state
    assert state is not None
    assert state.workflow.name == "Modération / Moderation · club"


def test_only_the_sites_moderators_can_approve_its_pages(
    editor_client, moderator, club, req
):
    _req_editors, req_moderators = create_site_groups(req, "req")
    outsider = make_user("olga", req_moderators)
    page = publish_content_page(club.root_page, "Le club")
    editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_data("Le club, nouvelle version") | {"action-submit": "action-submit"},
    )
    page = Page.objects.get(pk=page.pk).specific
    task = page.current_workflow_task

    assert [name for name, *_ in task.get_actions(page, outsider)] == []
    assert "approve" in [name for name, *_ in task.get_actions(page, moderator)]


def test_both_home_pages_of_a_site_follow_its_moderation_workflow(club_groups, club):
    homes = [club.root_page, *club.root_page.get_translations()]

    workflows = {WorkflowPage.objects.get(page=home).workflow.name for home in homes}

    assert len(homes) == 2
    assert workflows == {"Modération / Moderation · club"}


def test_creating_the_groups_twice_grants_nothing_twice(club):
    editors, moderators = create_site_groups(club, "club")
    counts = (editors.page_permissions.count(), moderators.page_permissions.count())

    again = create_site_groups(club, "club")

    assert again == (editors, moderators)
    assert (
        editors.page_permissions.count(),
        moderators.page_permissions.count(),
    ) == counts


@pytest.mark.parametrize("view", ["history", "usage"])
def test_an_editor_cannot_read_another_sites_organisation_history_or_usage(
    editor_client, club, req, view
):
    ours = Organisation.objects.create(site=club, name="ADEME", kind="state_service")
    theirs = Organisation.objects.create(site=req, name="Plateau", kind="network")
    url_name = f"wagtailsnippets_pages_organisation:{view}"

    own = editor_client.get(reverse(url_name, args=[ours.pk]))
    other = editor_client.get(reverse(url_name, args=[theirs.pk]))

    assert own.status_code == 200
    assert other.status_code in (302, 403)


def test_a_moderator_cannot_delete_another_sites_organisation(
    client, moderator, club, req
):
    theirs = Organisation.objects.create(site=req, name="Plateau", kind="network")
    client.force_login(moderator)

    response = client.post(
        reverse("wagtailsnippets_pages_organisation:delete", args=[theirs.pk])
    )

    assert response.status_code in (302, 403)
    assert Organisation.objects.filter(pk=theirs.pk).exists()


def test_an_editor_lists_only_the_organisations_of_their_site(editor_client, club, req):
    ours = Organisation.objects.create(site=club, name="ADEME", kind="state_service")
    Organisation.objects.create(site=req, name="Éco-quartier Plateau", kind="network")

    response = editor_client.get(reverse("wagtailsnippets_pages_organisation:list"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [ours]


def test_an_editor_cannot_edit_another_sites_organisation(editor_client, club, req):
    theirs = Organisation.objects.create(
        site=req, name="Éco-quartier Plateau", kind="network"
    )
    url = reverse("wagtailsnippets_pages_organisation:edit", args=[theirs.pk])

    opened = editor_client.get(url)
    posted = editor_client.post(
        url, {"site": req.pk, "name": "Piraté", "kind": "network", "url": ""}
    )

    assert opened.status_code in (302, 403)
    assert posted.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.name == "Éco-quartier Plateau"


def test_an_editor_edits_an_organisation_of_their_site(editor_client, club):
    ours = Organisation.objects.create(site=club, name="ADEME", kind="state_service")
    url = reverse("wagtailsnippets_pages_organisation:edit", args=[ours.pk])

    response = editor_client.post(
        url,
        {"site": club.pk, "name": "ADEME (Agence)", "kind": "state_service", "url": ""},
    )

    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.name == "ADEME (Agence)"


def test_an_editor_cannot_file_a_signatory_under_another_site(editor_client, club, req):
    response = editor_client.post(
        reverse("wagtailsnippets_pages_signatory:add"),
        {
            "site": req.pk,
            "name": "USH",
            "kind": "social_landlord",
            "website": "",
            "signed_on": "",
            "is_active": "on",
            "collaboration_plan-count": "0",
        },
    )

    assert response.status_code == 200
    assert "site" in response.context["form"].errors
    assert not Signatory.objects.exists()


def test_the_partner_chooser_offers_only_the_editors_organisations(
    editor_client, club, req
):
    ours = Organisation.objects.create(site=club, name="ADEME", kind="state_service")
    Organisation.objects.create(site=req, name="Éco-quartier Plateau", kind="network")
    chooser = Organisation.snippet_viewset.chooser_viewset

    response = editor_client.get(reverse(chooser.get_url_name("choose")))

    assert response.status_code == 200
    assert list(response.context["results"]) == [ours]


def test_a_moderator_publishes_a_page_of_their_site(client, moderator, club):
    page = publish_content_page(club.root_page, "Le club")
    client.force_login(moderator)

    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_data("Le club, nouvelle version") | {"action-publish": "action-publish"},
    )

    page.refresh_from_db()
    assert page.live
    assert page.title == "Le club, nouvelle version"


def test_a_home_translated_later_gets_the_sites_editors_and_workflow(
    django_capture_on_commit_callbacks,
):
    french, english = locales()
    french_home = HomePage(title="Régies", slug="regies", locale=french)
    Page.get_first_root_node().add_child(instance=french_home)
    french_home.save_revision().publish()
    site = Site.objects.create(hostname="regies.localhost", root_page=french_home)
    editors, _moderators = create_site_groups(site, "regies")

    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(user=None, target_locales=[english]).create_translations(
            french_home
        )

    english_home = french_home.get_translation(english)
    assert english_home.group_permissions.filter(group=editors).exists()
    assert WorkflowPage.objects.get(page=english_home).workflow.name == (
        "Modération / Moderation · regies"
    )


def test_an_editor_translates_their_sites_page_but_not_another_sites(
    editor_client, club, req, django_capture_on_commit_callbacks
):
    _french, english = locales()
    ours = publish_content_page(club.root_page, "Le club")
    theirs = publish_content_page(req.root_page, "Nos missions")

    with django_capture_on_commit_callbacks(execute=True):
        allowed = editor_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[ours.pk]),
            {"locales": [english.pk]},
        )
        refused = editor_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[theirs.pk]),
            {"locales": [english.pk]},
        )

    assert allowed.status_code == 302
    assert ours.has_translation(english)
    assert refused.status_code in (302, 403)
    assert not theirs.has_translation(english)


def test_an_editor_cannot_translate_another_sites_organisation(
    editor_client, club, req
):
    _french, english = locales()
    theirs = Organisation.objects.create(site=req, name="Plateau", kind="network")

    response = editor_client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["pages", "organisation", theirs.pk],
        ),
        {"locales": [english.pk]},
    )

    assert response.status_code in (302, 403)
    assert not theirs.has_translation(english)


def test_an_editor_cannot_sync_another_sites_translations(
    editor_client, club, req, django_capture_on_commit_callbacks
):
    _french, english = locales()
    theirs = publish_content_page(req.root_page, "Nos missions")
    with django_capture_on_commit_callbacks(execute=True):
        TranslationCreator(user=None, target_locales=[english]).create_translations(
            theirs
        )
    theirs.title = "Nos six missions"
    theirs.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(theirs)

    response = editor_client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]), {}
    )

    assert response.status_code in (302, 403)
    source.refresh_from_db()
    assert "Nos six missions" not in source.content_json
