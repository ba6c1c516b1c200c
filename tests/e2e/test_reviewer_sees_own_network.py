"""A network's reviewer sees that network's applications only (issue 16)."""

from forms_workflows.models import CharterAdhesion
from pages.models import NetworkSettings

LISTING = "/admin/charter-adhesions/"


def adhesions_of(key):
    site = NetworkSettings.objects.get(key=key).site
    return CharterAdhesion.objects.filter(site=site)


def test_the_clubs_reviewer_sees_only_the_clubs_applications(page, live_demo, shot):
    base_url = live_demo.url
    own, other = adhesions_of("club"), adhesions_of("regies")
    assert own.exists() and other.exists()  # the demo takes adhesions on both

    # given reviewer-club signed in
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "reviewer-club")
    page.fill("#id_password", "demo-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    # when they look at the dashboard
    dashboard = page.inner_text("main")
    shot("dashboard")
    # then the applications waiting are the club's, none of the other network's
    waiting = own.filter(status__in=("submitted", "under_review"))
    assert any(adhesion.reference in dashboard for adhesion in waiting)
    for adhesion in other:
        assert adhesion.reference not in dashboard
        assert adhesion.organisation_name not in dashboard

    # when they open the listing
    page.goto(f"{base_url}{LISTING}")
    listing = page.inner_text("main")
    shot("listing")
    # then it shows every club application and no other network's
    for adhesion in own:
        assert adhesion.reference in listing
    for adhesion in other:
        assert adhesion.reference not in listing
        assert adhesion.organisation_name not in listing

    # when they open another network's application by its address
    response = page.goto(f"{base_url}{LISTING}inspect/{other.first().pk}/")
    shot("other-network")
    # then it is not found, as if it did not exist
    assert response.status == 404
