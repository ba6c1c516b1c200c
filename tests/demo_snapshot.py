"""Load the demo once per test run, then copy its rows into each test's database.

The demo loader goes through Wagtail Localize and Wagtail's publishing for every
page: tens of seconds of CPU. Tests that need the demo get an identical copy
instead. The first one runs the loader and keeps every table's raw rows; the
others empty the tables and write those rows back (one `executemany` per table
on SQLite, one `COPY` on PostgreSQL): a fraction of a second, no model built.

Under pytest-xdist every worker has a database of its own, migrated the same
way, so the rows one worker took fit the others: the first worker to need the
demo loads it and leaves the rows in a file of the run's shared temporary
folder, under a lock; the others read that file instead of loading again.
"""

import fcntl
import pickle
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

_snapshots = {}
# The run's folder shared by every xdist worker (None outside xdist).
shared_folder: Path | None = None


def _snapshot_key():
    return (connection.vendor, connection.settings_dict["NAME"])


def _shared_file():
    return shared_folder / f"demo-{connection.vendor}.pickle"


def ensure_demo(load):
    """Give the test database the demo: from a snapshot, or `load()` it and keep one."""
    key = _snapshot_key()
    if key not in _snapshots and shared_folder is not None:
        with _locked(shared_folder / f"demo-{connection.vendor}.lock"):
            if _shared_file().exists():
                _snapshots[key] = pickle.loads(_shared_file().read_bytes())
            else:
                load()
                _take_snapshot()
                _shared_file().write_bytes(pickle.dumps(_snapshots[key]))
                return
    if key in _snapshots:
        _restore_snapshot()
    else:
        load()
        _take_snapshot()


@contextmanager
def _locked(path):
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _quoted(columns):
    quote = connection.ops.quote_name
    return ", ".join(quote(c) if c != "rowid" else c for c in columns)


def _tables(cursor):
    """Every table with rows of its own: (name, columns to copy), virtual ones too."""
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA table_list")
        tables = [
            (name, kind)
            for schema, name, kind, *_rest in cursor.fetchall()
            if schema == "main"
            and kind in ("table", "virtual")
            and not name.startswith("sqlite_")
            and name != "django_migrations"
        ]
        result = []
        for name, kind in tables:
            cursor.execute(f'PRAGMA table_xinfo("{name}")')
            # hidden: 0 a plain column, 1 a virtual table's hidden one, 2 and 3
            # generated columns, which are computed again on insertion.
            columns = [row[1] for row in cursor.fetchall() if row[6] == 0]
            if kind == "virtual":
                # A full-text table's rows are tied to their entries by rowid.
                columns = ["rowid", *columns]
            result.append((name, columns))
        return result
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_generated = 'NEVER'"
        " AND table_name <> 'django_migrations' ORDER BY table_name, ordinal_position"
    )
    columns = {}
    for table, column in cursor.fetchall():
        columns.setdefault(table, []).append(column)
    return list(columns.items())


def _take_snapshot():
    """Keep the raw rows of every table as the demo loader left them."""
    quote = connection.ops.quote_name
    snapshot = []
    with connection.cursor() as cursor:
        for table, columns in _tables(cursor):
            if connection.vendor == "postgresql":
                # COPY's own text format: no value goes through Python types
                # (JSON columns would need adapting back).
                statement = f"COPY {quote(table)} ({_quoted(columns)}) TO STDOUT"
                with cursor.cursor.copy(statement) as copy:
                    rows = b"".join(bytes(chunk) for chunk in copy)
            else:
                cursor.execute(f"SELECT {_quoted(columns)} FROM {quote(table)}")
                rows = cursor.fetchall()
            snapshot.append((table, columns, rows))
    _snapshots[_snapshot_key()] = snapshot


@transaction.atomic
def _restore_snapshot():
    """Replace every row of the test database with the snapshot's rows."""
    snapshot = _snapshots[_snapshot_key()]
    with connection.cursor() as cursor:
        # Foreign keys are checked at commit, so the order of tables is free.
        if connection.vendor == "postgresql":
            _write_postgresql(cursor, snapshot)
        else:
            _write_sqlite(cursor, snapshot)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    # Content types are cached in memory by id; the snapshot's ids may differ.
    ContentType.objects.clear_cache()


def _write_postgresql(cursor, snapshot):
    quote = connection.ops.quote_name
    cursor.execute(f"TRUNCATE {', '.join(quote(table) for table, *_ in snapshot)}")
    for table, columns, rows in snapshot:
        if rows:
            statement = f"COPY {quote(table)} ({_quoted(columns)}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                copy.write(rows)


def _write_sqlite(cursor, snapshot):
    quote = connection.ops.quote_name
    for table, columns, rows in snapshot:
        cursor.execute(f"DELETE FROM {quote(table)}")
        if rows:
            values = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({_quoted(columns)}) VALUES ({values})",
                rows,
            )
