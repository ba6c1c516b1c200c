from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN = ("wagtailadmin", "access_admin")
GROUPS = {
    "Reviewers": [
        ("proposals", "view_projectproposal"),
        ("proposals", "review_projectproposal"),
    ],
    "Experts": [ADMIN, ("proposals", "assess_projectproposal")],
    "Label commission": [
        ADMIN,
        ("proposals", "view_projectproposal"),
        ("proposals", "review_projectproposal"),
        ("proposals", "decide_projectproposal"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Experts", "Label commission"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_proposals"),
        ("forms_workflows", "0002_reviewers_group"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
