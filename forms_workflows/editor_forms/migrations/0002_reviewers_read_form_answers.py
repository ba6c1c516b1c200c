"""The reviewers' groups (every network's and the global one) read and manage form answers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("editor_forms", "view_formsubmission"),
    ("editor_forms", "review_formsubmission"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in PERMISSIONS
    ]
    groups = Group.objects.filter(name="Reviewers") | Group.objects.filter(
        name__startswith="Reviewers · "
    )
    for group in groups:
        group.permissions.add(*[p for p in permissions if p])


class Migration(migrations.Migration):
    dependencies = [
        ("editor_forms", "0001_form_pages_and_submissions"),
        ("forms_workflows", "0004_network_reviewers"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
