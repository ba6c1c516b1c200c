"""Relay connections with keyset cursors: a cursor is a position, not an offset.

strawberry's own cursors ("arrayconnection:40") count rows: publish one item
before the 40th and the next page repeats one. Ours hold the values the list
is ordered by and the primary key of the last item seen, signed so a partner
cannot forge one; the next page starts strictly after that position, so
publishing or unpublishing elsewhere in the list shifts nothing. The primary
key ends every ordering, which makes positions unique.
"""

import base64
import binascii
import datetime
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry
from django.conf import settings
from django.core import signing
from django.db.models import F, Q
from django.utils.encoding import force_bytes
from django.utils.translation import gettext as _
from strawberry.relay import PageInfo
from strawberry_django.ordering import Ordering

from graphql_api.core.errors import ApiError, ErrorCode
from graphql_api.core.limits import DEFAULT_LIMIT, MAX_LIMIT

SALT = "graphql_api.cursor"
NodeT = TypeVar("NodeT")


@dataclass(frozen=True)
class Key:
    """One column of an ordering: its ORM path, direction and where NULLs go.

    NULLs come last unless asked first, in both directions and on every
    database (SQLite and PostgreSQL disagree by default).
    """

    path: str
    descending: bool = False
    nulls_first: bool = False
    nullable: bool = False

    @property
    def name(self) -> str:
        direction = "desc" if self.descending else "asc"
        return f"{self.path}:{direction}{':nf' if self.nulls_first else ''}"

    def expression(self):
        column = F(self.path)
        if not self.nullable:
            return column.desc() if self.descending else column.asc()
        nulls = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        return column.desc(**nulls) if self.descending else column.asc(**nulls)


def nullable(model, path: str) -> bool:
    """Whether a path (`region__name`) can be NULL, through a nullable relation too."""
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.null:
            return True
        model = field.related_model
    return False


def order_keys(model, ordering, default: list[tuple[str, bool]]) -> list[Key]:
    """The keys of a partner's `ordering` (strawberry-django one-of inputs)."""
    keys = []
    for item in ordering or ():
        keys.extend(input_keys(item, ""))
    if not keys:
        keys = [Key(path, descending) for path, descending in default]
    return [
        Key(k.path, k.descending, k.nulls_first, nullable(model, k.path)) for k in keys
    ]


def input_keys(item, prefix):
    for field in item.__strawberry_definition__.fields:
        value = getattr(item, field.python_name, None)
        if value is None or value is strawberry.UNSET:
            continue
        path = f"{prefix}{field.python_name}"
        if isinstance(value, Ordering):
            yield Key(path, value.name.startswith("DESC"), "NULLS_FIRST" in value.name)
        else:
            yield from input_keys(value, f"{path}__")


def ordered(queryset, keys: list[Key]):
    """The queryset in the keys' order, then by pk; each key's value annotated."""
    annotations = {f"cursor_key_{i}": F(key.path) for i, key in enumerate(keys)}
    return queryset.annotate(**annotations).order_by(
        *(key.expression() for key in keys), "pk"
    )


def after(keys: list[Key], values: list, pk) -> Q:
    """Rows strictly after the position (values, pk) in the keys' order."""
    condition = Q(pk__gt=pk)
    for key, value in reversed(list(zip(keys, values, strict=True))):
        is_null = Q(**{f"{key.path}__isnull": True})
        if value is None:
            # After a NULL come the same NULLs, and every value if NULLs go first.
            condition = is_null & condition
            if key.nulls_first:
                condition |= ~is_null
            continue
        beyond = Q(**{f"{key.path}__{'lt' if key.descending else 'gt'}": value})
        if key.nullable and not key.nulls_first:
            beyond |= is_null
        condition = beyond | (Q(**{key.path: value}) & condition)
    return condition


def plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def encode(keys: list[Key], values: list, pk) -> str:
    payload = json.dumps(
        [[key.name for key in keys], [plain(v) for v in values], pk],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    packed = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return sign(packed)


# SECRET_KEY -> the HMAC of Signer's derived key, before any message.
_SIGNING = {}


def sign(packed: str) -> str:
    """`signing.Signer(salt=SALT).sign(packed)`, its key derived once per process.

    Signer derives its key (a hash of the salt and SECRET_KEY) on every call;
    a page of twenty edges signs twenty cursors. `decode` checks them with
    Signer itself, SECRET_KEY_FALLBACKS included.
    """
    secret = settings.SECRET_KEY
    base = _SIGNING.get(secret)
    if base is None:
        derived = hashlib.sha256(
            force_bytes(f"{SALT}signer") + force_bytes(secret)
        ).digest()
        base = _SIGNING[secret] = hmac.new(derived, digestmod=hashlib.sha256)
    mac = base.copy()
    mac.update(packed.encode())
    signature = base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()
    return f"{packed}:{signature}"


def decode(cursor: str, keys: list[Key]):
    """(values, pk) of a cursor made for these keys, or INVALID_CURSOR."""
    try:
        packed = signing.Signer(salt=SALT).unsign(cursor)
        payload = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
        names, values, pk = json.loads(payload)
    except (signing.BadSignature, binascii.Error, ValueError, TypeError):
        raise ApiError(
            _("This cursor is not one the API gave; start again without `after`."),
            ErrorCode.INVALID_CURSOR,
            argument="after",
        ) from None
    if names != [key.name for key in keys] or len(values) != len(keys):
        raise ApiError(
            _("This cursor belongs to another ordering; start again without `after`."),
            ErrorCode.INVALID_CURSOR,
            argument="after",
        )
    return values, pk


class Position:
    """An item and its position; the cursor is signed only if a partner asks."""

    __slots__ = ("keys", "node", "row")

    def __init__(self, row, keys, node):
        self.row = row
        self.keys = keys
        self.node = node

    @property
    def cursor(self) -> str:
        row = self.row
        values = [getattr(row, f"cursor_key_{i}") for i in range(len(self.keys))]
        return encode(self.keys, values, row.pk)


class Page:
    """One page of a connection: its edges, its page info and its total count."""

    def __init__(
        self, queryset, keys, first, after_cursor, prepare=None, wrap=None, fetch=None
    ):
        """`fetch(query, start, stop)` reads a slice of the query (a list of rows)."""
        check_first(first)
        self.counted = queryset
        query = ordered(queryset, keys)
        if after_cursor is not None:
            values, pk = decode(after_cursor, keys)
            query = query.filter(after(keys, values, pk))
        if not first:
            rows = []
        elif fetch is None:
            rows = list(query[: first + 1])
        else:
            rows = fetch(query, 0, first + 1)
        self.has_next_page = len(rows) > first
        self.items = rows[:first]
        if prepare is not None:  # hand the items' references to the loaders
            prepare(self.items)
        self.edges = [
            Position(row, keys, row if wrap is None else wrap(row))
            for row in self.items
        ]
        self.has_previous_page = after_cursor is not None

    @property
    def page_info(self):
        return self

    @property
    def start_cursor(self):
        return self.edges[0].cursor if self.edges else None

    @property
    def end_cursor(self):
        return self.edges[-1].cursor if self.edges else None

    def count(self) -> int:
        return self.counted.count()


def check_first(first: int) -> None:
    if first is None or first < 0:
        raise ApiError(
            _("first must be zero or positive."), ErrorCode.NEGATIVE_PAGINATION
        )
    if first > MAX_LIMIT:
        raise ApiError(
            _("first must not exceed %(max)d.") % {"max": MAX_LIMIT},
            ErrorCode.LIMIT_TOO_LARGE,
            maxLimit=MAX_LIMIT,
        )


@strawberry.type(
    name="Edge", description="An item of a list and its position (`cursor`)."
)
class EdgeType(Generic[NodeT]):
    node: NodeT
    cursor: str = strawberry.field(
        description="Give it as `after` to continue after this item."
    )


@strawberry.type(
    name="Connection",
    description="A page of a list, with cursors that stay valid when content is "
    "published in between.",
)
class ConnectionType(Generic[NodeT]):
    edges: list[EdgeType[NodeT]]
    page_info: PageInfo

    @strawberry.field(description="How many items match, across every page.")
    def total_count(self) -> int:
        return self.count()


FIRST = DEFAULT_LIMIT
AFTER = "The `endCursor` of the previous page; none for the first page."

__all__ = ["AFTER", "FIRST", "ConnectionType", "Key", "Page", "order_keys"]
