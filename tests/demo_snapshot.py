"""Load the demo once per test session, then copy it into each test's database.

The demo loader goes through Wagtail Localize and Wagtail's publishing for every
page, which takes about a minute. Tests that need the demo get an identical copy
instead: the first one runs the loader and keeps a serialised snapshot of every
table; the others empty the tables and insert the snapshot in bulk.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, transaction

_snapshots = {}


def _snapshot_key():
    return (connection.vendor, connection.settings_dict["NAME"])


def has_snapshot():
    return _snapshot_key() in _snapshots


def take_snapshot():
    _snapshots[_snapshot_key()] = connection.creation.serialize_db_to_string()


@transaction.atomic
def restore_snapshot():
    """Replace every row of the test database with the snapshot's rows."""
    data = _snapshots[_snapshot_key()]
    connection.ops.execute_sql_flush(
        sql_flush(no_style(), connection, reset_sequences=False, allow_cascade=True)
    )
    rows = defaultdict(list)
    many_to_many = []
    for deserialized in serializers.deserialize("json", data, using=connection.alias):
        rows[type(deserialized.object)].append(deserialized.object)
        if deserialized.m2m_data:
            many_to_many.append(deserialized)
    # Foreign keys are checked at commit on SQLite and PostgreSQL alike, so the
    # insertion order between tables does not matter inside this transaction.
    for model, objects in rows.items():
        # sql_flush skips virtual tables such as SQLite's full-text index.
        model._base_manager.using(connection.alias).all()._raw_delete(connection.alias)
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        for start in range(0, len(objects), 500):
            model._base_manager.using(connection.alias)._insert(
                objects[start : start + 500], fields=fields, raw=True
            )
    for deserialized in many_to_many:
        for name, ids in deserialized.m2m_data.items():
            getattr(deserialized.object, name).set(ids)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(statement)
    # Content types are cached in memory by id; the snapshot's ids may differ.
    ContentType.objects.clear_cache()
