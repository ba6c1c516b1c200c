"""A collection per network: its editors' grants move there from the root, and
existing media go to their network's collection where it can be told, else to
the shared one (see pages/collections.py)."""

from django.db import migrations

from pages.collections import grant_network_collection, place_media


def file_media_by_network(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    NetworkSettings = apps.get_model("pages", "NetworkSettings")
    for key in NetworkSettings.objects.values_list("key", flat=True):
        for name in (f"Editors · {key}", f"Moderators · {key}"):
            group = Group.objects.filter(name=name).first()
            if group is not None:
                grant_network_collection(apps, group, key)
    place_media(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_referentiel_current_help"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Backwards, media stay in their collections: they are still usable there.
    operations = [
        migrations.RunPython(file_media_by_network, migrations.RunPython.noop)
    ]
