"""The migrations that give each network its house move existing data safely.

The data steps of `pages/0005_network_collections` and
`forms_workflows/0004_network_reviewers` run here on an installation as it
was before them: the editors' grants on the root collection, every medium in
the root collection, an application saved without its site. Run this file
with DATABASE_URL pointing at PostgreSQL too.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, ReferenceIndex

from forms_workflows.models import CharterAdhesion
from pages.collections import SHARED_COLLECTION, network_collection_name
from pages.models import ContentPage, Organisation
from pages.networks import editors_group_name

from .helpers import make_network

pages_0005 = importlib.import_module("pages.migrations.0005_network_collections")
forms_0003 = importlib.import_module(
    "forms_workflows.migrations.0004_network_reviewers"
)


def old_style_editors(key):
    """An editors' group as `create_site_groups` made it: grants on the root."""
    group = Group.objects.create(name=editors_group_name(key))
    root = Collection.get_first_root_node()
    for codename in ("add_image", "change_image", "choose_image", "change_document"):
        GroupCollectionPermission.objects.create(
            group=group,
            collection=root,
            permission=Permission.objects.get(codename=codename),
        )
    return group


def image(title):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=f"{title}.png")
    )


def page_using(site, title, *images):
    page = ContentPage(
        title=title,
        slug=title,
        body=[("image", {"image": item, "alt_text": "x"}) for item in images],
    )
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    ReferenceIndex.create_or_update_for_object(page)
    return page


def test_existing_media_go_to_their_networks_collection_else_the_shared_one(db):
    # given two networks as they were: one collection, editors granted on it
    club, regies = make_network("club", default=True), make_network("regies")
    club_editors = old_style_editors("club")
    old_style_editors("regies")
    logo, common, unused = image("logo"), image("common"), image("unused")
    regies_photo = image("photo")
    english_only = image("english")
    page_using(club, "accueil-club-page", logo, common)
    page_using(regies, "regies-page", common, regies_photo)
    # an image used on the English tree only still belongs to its network
    english_home = club.root_page.get_translations().get()
    page = ContentPage(
        title="en",
        slug="en",
        body=[("image", {"image": english_only, "alt_text": "x"})],
    )
    english_home.add_child(instance=page)
    ReferenceIndex.create_or_update_for_object(page)
    # a document used by an organisation (a snippet of one network)
    report = get_document_model().objects.create(
        title="report", file=ContentFile(b"%PDF-1.4", name="report.pdf")
    )
    organisation = Organisation.objects.create(
        site=regies, name="Org", logo=image("org-logo")
    )
    ReferenceIndex.create_or_update_for_object(organisation)
    club_page = page_using(club, "report-page")
    club_page.body = [("document", {"document": report})]
    club_page.save_revision().publish()
    ReferenceIndex.create_or_update_for_object(club_page)

    # when the migration runs (twice: it must not move anything twice)
    pages_0005.file_media_by_network(apps, None)
    pages_0005.file_media_by_network(apps, None)

    # then each medium is in its network's collection, or the shared one
    def where(obj):
        return type(obj).objects.get(pk=obj.pk).collection.name

    assert where(logo) == network_collection_name("club")
    assert where(english_only) == network_collection_name("club")
    assert where(regies_photo) == network_collection_name("regies")
    assert where(organisation.logo) == network_collection_name("regies")
    assert where(common) == SHARED_COLLECTION
    assert where(unused) == SHARED_COLLECTION
    assert where(report) == network_collection_name("club")
    assert Collection.objects.filter(name=SHARED_COLLECTION).count() == 1
    # and the editors lost the root collection, for their own and the shared one
    grants = GroupCollectionPermission.objects.filter(group=club_editors)
    assert {grant.collection.name for grant in grants} == {
        network_collection_name("club"),
        SHARED_COLLECTION,
    }
    shared = {
        g.permission.codename for g in grants if g.collection.name == SHARED_COLLECTION
    }
    assert shared == {"choose_image", "choose_document"}
    # and the collection tree is still valid
    assert Collection.find_problems() == ([], [], [], [], [])


def test_existing_applications_keep_their_site_and_networks_get_reviewers(db):
    # given two networks and their applications, one saved before sites were kept
    from pages.models import Region
    from tests.fixtures.adhesions import add_charter, make_adhesion

    club, regies = make_network("club", default=True), make_network("regies")
    Region.objects.create(name="Occitanie", code="OCC", locale=club.root_page.locale)
    club_network, regies_network = add_charter(club), add_charter(regies)
    kept = make_adhesion(club_network)
    orphan = make_adhesion(regies_network)
    CharterAdhesion.objects.filter(pk=orphan.pk).update(site=None)

    # when the migration runs
    forms_0003.create_network_reviewers(apps, None)

    # then the application with a site keeps it, the other gets its charter's
    assert CharterAdhesion.objects.get(pk=kept.pk).site == club
    assert CharterAdhesion.objects.get(pk=orphan.pk).site == regies
    # and every network has its reviewers' group, with the review permission
    for key in ("club", "regies"):
        group = Group.objects.get(name=f"Reviewers · {key}")
        assert group.permissions.filter(codename="review_charteradhesion").exists()
    # and going back removes those groups only, not the global one
    forms_0003.remove_network_reviewers(apps, None)
    assert not Group.objects.filter(name__startswith="Reviewers · ").exists()
    assert Group.objects.filter(name="Reviewers").exists()
