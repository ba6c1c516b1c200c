import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from pages.models import HomePage, NetworkSettings


@pytest.fixture(autouse=True)
def _own_private_media(private_media):
    """Award events read proposals' files: each test keeps them in its own folder."""


@pytest.fixture
def staff_client(client, db):
    admin = get_user_model().objects.create_superuser(
        "partners-admin", "partners-admin@example.org", "pw"
    )
    client.force_login(admin)
    return client


@pytest.fixture
def second_network(network):
    """Another network, "req", beside the club's."""
    french = network["home"].locale
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Regroupement", slug="accueil-req", locale=french)
    )
    site = Site.objects.create(
        hostname="req.localhost", port=80, root_page=home, site_name="Regroupement"
    )
    NetworkSettings.objects.create(site=site, key="req")
    return {"site": site, "home": home}
