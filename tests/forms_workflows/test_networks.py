"""Each network keeps its own house: its reviewers, applications, e-mails and media.

One table: for each role, what they may do on their own network and on
another. A network's reviewer or editor is refused (404, 403 or absent) on the
other network; the global reviewer and superusers see every network.
"""

import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Locale

from forms_workflows import workflow
from forms_workflows.machine import ErrorCode
from forms_workflows.models import StatusChange
from forms_workflows.networks import reviewers_group_name
from pages.collections import SHARED_COLLECTION, network_collection_name
from pages.models import Region
from pages.networks import editors_group_name
from pages.permissions import create_site_groups
from tests.fixtures.adhesions import add_charter, make_adhesion
from tests.pages.helpers import make_network

LISTING = "/admin/charter-adhesions/"
KEYS = ("club", "regies")
OTHER = {"club": "regies", "regies": "club"}


def make_staff(username, *group_names, superuser=False):
    user = get_user_model().objects.create_user(
        username,
        f"{username}@example.org",
        "pw",
        is_staff=True,
        is_superuser=superuser,
    )
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


def add_media(key):
    collection = Collection.objects.get(name=network_collection_name(key))
    image = get_image_model().objects.create(
        title=f"logo {key}",
        file=get_test_image_file(filename=f"logo-{key}.png"),
        collection=collection,
    )
    document = get_document_model().objects.create(
        title=f"report {key}",
        file=ContentFile(b"%PDF-1.4 demo", name=f"report-{key}.pdf"),
        collection=collection,
    )
    return image, document


@pytest.fixture
def houses(db):
    """Two networks, each with its charter, an application under review, media and staff."""
    Locale.objects.get_or_create(language_code="fr")
    Region.objects.create(
        name="Occitanie", code="OCC", locale=Locale.objects.get(language_code="fr")
    )
    networks = {}
    for key in KEYS:
        site = make_network(key, default=key == "club")
        create_site_groups(site, key)
        network = add_charter(site)
        network["adhesion"] = make_adhesion(
            network,
            status="under_review",
            organisation_name=f"Organisation du réseau {key}",
        )
        network["image"], network["document"] = add_media(key)
        network["reviewer"] = make_staff(f"reviewer-{key}", reviewers_group_name(key))
        network["editor"] = make_staff(f"editor-{key}", editors_group_name(key))
        networks[key] = network
    networks["global reviewer"] = make_staff("reviewer", "Reviewers")
    networks["superuser"] = make_staff("admin", superuser=True)
    return networks


# Each check answers: may `user` do this to the `target` network's things?


def listing(client, user, target, houses):
    client.force_login(user)
    return target["adhesion"].reference in client.get(LISTING).content.decode()


def search(client, user, target, houses):
    client.force_login(user)
    name = target["adhesion"].organisation_name
    page = client.get(LISTING, {"q": name}).content.decode()
    return target["adhesion"].reference in page


def site_filter(client, user, target, houses):
    client.force_login(user)
    page = client.get(LISTING, {"site": target["site"].pk}).content.decode()
    return target["adhesion"].reference in page


def inspect(client, user, target, houses):
    client.force_login(user)
    response = client.get(f"{LISTING}inspect/{target['adhesion'].pk}/")
    assert response.status_code in (200, 404)
    return response.status_code == 200


def export_csv(client, user, target, houses):
    client.force_login(user)
    response = client.get(LISTING, {"export": "csv"})
    return target["adhesion"].reference in b"".join(response.streaming_content).decode()


def export_xlsx(client, user, target, houses):
    client.force_login(user)
    response = client.get(LISTING, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = {cell.value for row in workbook.active.iter_rows() for cell in row}
    return target["adhesion"].reference in cells


def dashboard(client, user, target, houses):
    client.force_login(user)
    return target["adhesion"].reference in client.get("/admin/").content.decode()


def admin_transition(client, user, target, houses):
    client.force_login(user)
    adhesion = target["adhesion"]
    response = client.post(
        f"{LISTING}transition/{adhesion.pk}/", {"action": "add_note", "note": "Vu."}
    )
    assert response.status_code in (302, 404)
    return StatusChange.objects.filter(
        object_id=adhesion.pk, action="add_note"
    ).exists()


def service_transition(client, user, target, houses):
    adhesion = target["adhesion"]
    try:
        workflow.transition(adhesion, "request_changes", user=user, comment="Plus.")
    except ValidationError as error:
        assert {e.code for e in error.error_list} == {ErrorCode.PERMISSION_DENIED}
        return False
    return adhesion.status == "changes_requested"


def service_note(client, user, target, houses):
    try:
        workflow.transition(target["adhesion"], "add_note", user=user, note="Vu.")
    except ValidationError as error:
        assert {e.code for e in error.error_list} == {ErrorCode.PERMISSION_DENIED}
        return False
    return True


def email(client, user, target, houses, capture=None):
    # A new application arrives on the target network.
    adhesion = make_adhesion(target, organisation_name="Nouvelle organisation")
    with capture(execute=True):
        workflow.transition(adhesion, "confirm_email")
    to_reviewers = [m for m in mail.outbox if adhesion.reference in m.subject + m.body]
    to_reviewers = [m for m in to_reviewers if "contact@" not in " ".join(m.to)]
    return any(user.email in message.to for message in to_reviewers)


def image_edit(client, user, target, houses):
    client.force_login(user)
    response = client.get(f"/admin/images/{target['image'].pk}/")
    return response.status_code == 200


def image_delete(client, user, target, houses):
    client.force_login(user)
    image = target["image"]
    client.post(f"/admin/images/{image.pk}/delete/")
    return not get_image_model().objects.filter(pk=image.pk).exists()


def document_edit(client, user, target, houses):
    client.force_login(user)
    response = client.get(f"/admin/documents/edit/{target['document'].pk}/")
    return response.status_code == 200


REVIEW = [
    listing,
    search,
    site_filter,
    inspect,
    export_csv,
    export_xlsx,
    dashboard,
    admin_transition,
    service_transition,
    service_note,
    email,
]
MEDIA = [image_edit, image_delete, document_edit]

# (role, checks, allowed on the own network, allowed on the other network).
# The checks of one row run in this order on one database: those that change
# something (a note, an e-mail, a deletion) come after those that only read.
TABLE = [
    ("reviewer", REVIEW, True, False),
    ("editor", MEDIA, True, False),
    ("global reviewer", REVIEW, True, True),
    ("superuser", REVIEW + MEDIA, True, True),
]
CASES = [
    pytest.param(role, checks, key, which, own if which == "own" else other, id=name)
    for role, checks, own, other in TABLE
    for key in KEYS
    for which in ("own", "other")
    for name in [f"{role}-{key}-{which}"]
]


@pytest.mark.parametrize("role,checks,key,which,expected", CASES)
def test_each_network_keeps_its_own_house(
    client,
    houses,
    django_capture_on_commit_callbacks,
    role,
    checks,
    key,
    which,
    expected,
):
    # given a member of staff of network `key` (or of every network)
    user = houses[role] if role in houses else houses[key][role]
    target = houses[key if which == "own" else OTHER[key]]
    # when they try each thing on their own network's things, or on the other's
    answers = {}
    for check in checks:
        kwargs = {"capture": django_capture_on_commit_callbacks}
        answers[check.__name__] = check(
            client, user, target, houses, **(kwargs if check is email else {})
        )
    # then all is allowed on their own, all refused on the other's, unless global
    assert answers == {check.__name__: expected for check in checks}


def test_another_networks_application_answers_404_like_a_missing_one(client, houses):
    client.force_login(houses["club"]["reviewer"])
    other = houses["regies"]["adhesion"]
    for url in (f"inspect/{other.pk}/", "inspect/999999/"):
        assert client.get(f"{LISTING}{url}").status_code == 404, url
    response = client.post(
        f"{LISTING}transition/{other.pk}/", {"action": "add_note", "note": "x"}
    )
    assert response.status_code == 404


def test_each_network_gets_its_reviewers_group_and_collection(houses):
    for key in KEYS:
        group = Group.objects.get(name=reviewers_group_name(key))
        assert {
            "review_charteradhesion",
            "view_charteradhesion",
            "access_admin",
        } <= set(group.permissions.values_list("codename", flat=True))
        assert Collection.objects.filter(name=network_collection_name(key)).exists()
    assert Collection.objects.filter(name=SHARED_COLLECTION).exists()


def test_an_editor_only_chooses_from_the_shared_collection(client, houses):
    # given an image in the shared collection
    shared = Collection.objects.get(name=SHARED_COLLECTION)
    image = get_image_model().objects.create(
        title="shared drawing",
        file=get_test_image_file(filename="shared.png"),
        collection=shared,
    )
    client.force_login(houses["club"]["editor"])
    # then the club's editor finds it in the chooser, but cannot change it
    chooser = client.get("/admin/images/chooser/").content.decode()
    assert "shared drawing" in chooser
    assert "logo regies" not in chooser and "logo club" in chooser
    assert client.get(f"/admin/images/{image.pk}/").status_code != 200
    client.post(f"/admin/images/{image.pk}/delete/")
    assert get_image_model().objects.filter(pk=image.pk).exists()


def test_an_editors_upload_lands_in_their_networks_collection(client, houses):
    client.force_login(houses["regies"]["editor"])
    response = client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile(
                "upload.png", get_test_image_file().file.getvalue()
            )
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.json()["success"], response.content
    image = get_image_model().objects.get(file__contains="upload")
    assert image.collection.name == network_collection_name("regies")


def test_reviewers_are_told_in_their_networks_language_and_at_its_contact_address(
    houses, django_capture_on_commit_callbacks
):
    # given a network whose home is in English, with a contact address
    from wagtail.models import Page, Site

    from pages.models import HomePage, NetworkSettings

    english = Locale.objects.get_or_create(language_code="en")[0]
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Home", slug="home-anglo", locale=english)
    )
    site = Site.objects.create(hostname="anglo.localhost", root_page=home)
    NetworkSettings.objects.create(
        site=site, key="anglo", contact_email="team@anglo.example.org"
    )
    create_site_groups(site, "anglo")
    own_reviewer = make_staff("reviewer-anglo", reviewers_group_name("anglo"))
    network = add_charter(site)
    adhesion = make_adhesion(network, organisation_name="Anglo applicant")
    mail.outbox.clear()
    # when the application is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(adhesion, "confirm_email")
    # then one e-mail goes to the network's reviewers, in English
    (message,) = [m for m in mail.outbox if adhesion.contact_email not in m.to]
    assert message.extra_headers["Content-Language"] == "en"
    assert {own_reviewer.email, "team@anglo.example.org"} <= set(message.to)
    assert houses["global reviewer"].email in message.to
    # and never to another network's reviewers
    for key in KEYS:
        assert houses[key]["reviewer"].email not in message.to


def network_choices(client):
    page = client.get(LISTING).content.decode()
    select = re.search(r'<select name="site".*?</select>', page, re.S).group(0)
    return set(re.findall(r'<option value="(\d+)"', select))


def test_the_network_filter_offers_only_the_networks_a_reviewer_reviews(client, houses):
    # given the club's reviewer on the adhesions listing
    client.force_login(houses["club"]["reviewer"])
    # then the network filter offers the club, and never names the Régies
    assert network_choices(client) == {str(houses["club"]["site"].pk)}
    # while a reviewer of every network may choose either
    client.force_login(houses["global reviewer"])
    assert {str(houses[key]["site"].pk) for key in KEYS} <= network_choices(client)
