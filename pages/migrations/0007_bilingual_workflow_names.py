"""Name the networks' moderation workflows and tasks in French and English.

Wagtail shows these stored names untranslated; see pages.permissions.
"""

from django.db import migrations

RENAMES = (
    ("wagtailcore", "Workflow", "Moderation · ", "Modération / Moderation · "),
    ("wagtailcore", "Task", "Approval · ", "Validation / Approval · "),
)


def rename(apps, schema_editor, forwards=True):
    for app_label, model_name, old, new in RENAMES:
        if not forwards:
            old, new = new, old
        model = apps.get_model(app_label, model_name)
        for row in model.objects.filter(name__startswith=old):
            row.name = new + row.name[len(old) :]
            row.save(update_fields=["name"])


def backwards(apps, schema_editor):
    rename(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0006_network_look_and_legal_details"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, backwards)]
