"""Automatic persisted queries now live in the cache: forget the rows kept so far.

Registered documents stay. A client whose hash is no longer known is told
PERSISTED_QUERY_NOT_FOUND and sends its query again, as Apollo's protocol wants.
"""

from django.db import migrations


def forget_automatic(apps, schema_editor):
    apps.get_model("graphql_api", "PersistedDocument").objects.filter(
        registered=False
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("graphql_api", "0002_page_read_model")]

    operations = [migrations.RunPython(forget_automatic, migrations.RunPython.noop)]
