"""The admin speaks its user's language: the browser's, until they choose one in Account."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.management.commands.load_demo import DEMO_ACCOUNTS

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
FRENCH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}


def account_form_data(response):
    """What the Account screen's form sends back unchanged, as a browser would."""
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            for field in form:
                value = field.value()
                if value in (None, False, ""):
                    continue
                data[field.html_name] = "on" if value is True else value
    return data


@pytest.mark.django_db
def test_the_login_page_speaks_the_browsers_language(client):
    english = client.get(reverse("wagtailadmin_login"), **ENGLISH_BROWSER)
    french = client.get(reverse("wagtailadmin_login"), **FRENCH_BROWSER)

    assert '<html lang="en"' in english.content.decode()
    assert "Sign in" in english.content.decode()
    assert '<html lang="fr"' in french.content.decode()
    assert "Sign in" not in french.content.decode()


@pytest.mark.django_db
def test_a_user_without_a_preference_gets_the_browsers_language(client):
    user = get_user_model().objects.create_user(
        "no-preference", password="pw", is_staff=True, is_superuser=True
    )
    client.force_login(user)

    dashboard = client.get(reverse("wagtailadmin_home"), **ENGLISH_BROWSER)

    assert '<html lang="en"' in dashboard.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", [account[0] for account in DEMO_ACCOUNTS])
def test_every_demo_account_saves_english_from_account_and_is_answered_in_it(
    client, demo_content, username
):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    account = client.get(reverse("wagtailadmin_account"), **FRENCH_BROWSER)

    # when they choose English in Account and save
    data = account_form_data(account) | {"locale-preferred_language": "en"}
    saved = client.post(reverse("wagtailadmin_account"), data, **FRENCH_BROWSER)

    # then it is saved, and the admin answers in English, whatever the browser says
    assert saved.status_code == 302, saved.context and [
        panel.get_form().errors
        for panels in saved.context["panels_by_tab"].values()
        for panel in panels
    ]
    dashboard = client.get(reverse("wagtailadmin_home"), **FRENCH_BROWSER)
    assert '<html lang="en"' in dashboard.content.decode()
    # and so are its "not found" page and its "no permission" message
    missing = client.get("/admin/pages/999999/edit/", **FRENCH_BROWSER)
    assert missing.status_code == 404
    assert '<html lang="en"' in missing.content.decode()
    assert "Go to Wagtail admin" in missing.content.decode()
    if not user.is_superuser:
        refused = client.get(
            reverse("wagtailusers_users:index"), follow=True, **FRENCH_BROWSER
        )
        assert "you do not have permission" in refused.content.decode()
