from django.db import migrations

# Staff and the commission manage the campaigns, the projects' public summaries
# and the awards in the admin (menu "ÉcoQuartier label").
MODELS = ("campaign", "project", "labelaward")
GROUPS = {
    "Reviewers": ("view", "add", "change"),
    "Label commission": ("view", "add", "change"),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        codenames = [f"{action}_{model}" for model in MODELS for action in actions]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="proposals", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
