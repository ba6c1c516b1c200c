"""Querysets compiled once per process and shape, then run with each request's values.

Building a queryset (filters, joins) and compiling it to SQL costs more than
running it: for the page read by its path, 1.2 ms of Django's ORM before a
query of 0.3 ms (bench database, N = 1,000, in-process). The reads whose query
has the same shape on every request (one network's page by path or by id)
compile it once per process and shape; each request then runs the SQL with its
own values, converted by the compiler's own converters, as `values()` would.

How the values find their place: the queryset is built once with sentinels
(values no request sends: a private-use string, an impossible id, a datetime
in 1901), compiled, and each sentinel is looked for among the compiled
parameters in the form the database adapter receives. A shape whose sentinels
cannot all be found once each (a lookup that transforms its value, such as
`startswith`) is never compiled: it runs through the ORM every time, with the
same answer. What makes the shape (the network's home pages, the restricted
paths, the database) is the caller's key: anything else that changed would
change the SQL, so it belongs in the key.
"""

import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections, router

# Compiled statements by (database alias, caller's key); NOT_COMPILABLE marks a
# shape that runs through the ORM.
_compiled: dict = {}
COMPILED_KEPT = 1024
NOT_COMPILABLE = object()


class Compiled:
    __slots__ = ("sql", "params", "places", "names", "compiler", "converters")

    def __init__(self, sql, params, places, names, compiler, decoders):
        # the compiler stays for its converters (dates, JSON), as `values()` uses them
        self.sql = sql
        self.params = params
        self.places = places
        self.names = names
        self.compiler = compiler
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        for name, decode in (decoders or {}).items():
            position = names.index(name)
            expression = fields[position]
            self.converters[position] = ([decoder(decode)], expression)

    def tuples(self, connection, values: dict) -> list:
        params = list(self.params)
        for name, positions in self.places.items():
            adapted = adapt(connection, values[name])
            for position in positions:
                params[position] = adapted
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            return [
                tuple(row)
                for row in self.compiler.apply_converters(rows, self.converters)
            ]
        return rows

    def rows(self, connection, values: dict) -> list[dict]:
        names = self.names
        return [
            dict(zip(names, row, strict=True))
            for row in self.tuples(connection, values)
        ]


def decoder(decode):
    """A converter of the ORM's form (value, expression, connection) calling `decode`."""

    def convert(value, _expression, _connection):
        return decode(value)

    return convert


def sentinel(name: str, value, number: int):
    """A value of the same kind as `value` that no request sends."""
    if isinstance(value, bool):
        return None  # True and 1 compare equal: never looked for
    if isinstance(value, int):
        return -7_340_033 - number
    if isinstance(value, str):
        return f"\ue0ff{name}\ue0ff"
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901, 1, 1, 0, 0, 1, 1 + number, tzinfo=datetime.UTC)
    return None


def adapt(connection, value):
    """A value as the compiled parameters hold it on this database."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def compile_shape(connection, build, values: dict, decoders):
    sentinels = {}
    for number, (name, value) in enumerate(sorted(values.items())):
        stand_in = sentinel(name, value, number)
        if stand_in is None:
            return NOT_COMPILABLE
        sentinels[name] = stand_in
    queryset = build(**sentinels)
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # nothing to ask the database: the ORM says so each time
        return NOT_COMPILABLE
    places = {}
    for name, stand_in in sentinels.items():
        adapted = adapt(connection, stand_in)
        positions = [i for i, param in enumerate(params) if param == adapted]
        if not positions:
            return NOT_COMPILABLE
        places[name] = tuple(positions)
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    return Compiled(sql, tuple(params), places, names, compiler, decoders)


def compiled(model, key, build, values, decoders):
    """The compiled statement of `key`'s shape, compiled now if it was not yet."""
    connection = connections[router.db_for_read(model)]
    memo_key = (connection.alias, connection.vendor, model._meta.label, key)
    found = _compiled.get(memo_key)
    if found is None:
        if len(_compiled) >= COMPILED_KEPT:
            # shapes change with the restricted paths: the old ones go, at once
            _compiled.clear()
        found = _compiled[memo_key] = compile_shape(connection, build, values, decoders)
    return connection, found


def rows(model, key, build, decoders=None, **values) -> list[dict]:
    """The rows of `build(**values)`, a `values()` queryset of `model`, compiled once.

    `key` names everything the SQL depends on other than `values`. `decoders`
    replace the ORM's converter of some columns (by name): a function of the
    value as the database gives it.
    """
    connection, statement = compiled(model, key, build, values, decoders)
    if statement is NOT_COMPILABLE:
        found = list(build(**values))
        for name, decode in (decoders or {}).items():
            for row in found:
                row[name] = decode(row[name])
        return found
    return statement.rows(connection, values)


def tuples(model, key, build, **values) -> list:
    """The rows of `build(**values)`, a `values_list()` queryset, compiled once."""
    connection, statement = compiled(model, key, build, values, None)
    if statement is NOT_COMPILABLE:
        return list(build(**values))
    return statement.tuples(connection, values)


def forget() -> None:
    """Drop every compiled statement (the schema of a table changed: tests)."""
    _compiled.clear()


__all__ = ["forget", "rows", "tuples"]
