"""A `Reviewers · <key>` group per existing network; applications keep their site
(one saved without it gets its charter page's)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from pages.collections import SiteFinder

PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("forms_workflows", "view_charteradhesion"),
    ("forms_workflows", "review_charteradhesion"),
]


def create_network_reviewers(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    NetworkSettings = apps.get_model("pages", "NetworkSettings")
    for key in NetworkSettings.objects.values_list("key", flat=True):
        group, _created = Group.objects.get_or_create(name=f"Reviewers · {key}")
        for app_label, codename in PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                group.permissions.add(permission)
    CharterAdhesion = apps.get_model("forms_workflows", "CharterAdhesion")
    orphans = CharterAdhesion.objects.filter(site=None, charter_page__isnull=False)
    if orphans.exists():
        finder = SiteFinder(apps)
        for adhesion in orphans:
            site_id = finder.site_of_page(adhesion.charter_page_id)
            if site_id:
                orphans.filter(pk=adhesion.pk).update(site_id=site_id)


def remove_network_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__startswith="Reviewers · "
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forms_workflows", "0003_idempotency_fingerprint"),
        ("pages", "0005_network_collections"),
    ]

    operations = [
        migrations.RunPython(create_network_reviewers, remove_network_reviewers)
    ]
