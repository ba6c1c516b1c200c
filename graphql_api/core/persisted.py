"""Automatic persisted queries (the Apollo protocol) and trusted documents.

A client sends `extensions.persistedQuery {version: 1, sha256Hash}`, by GET or
POST, first without the query: an unknown hash answers PERSISTED_QUERY_NOT_FOUND
(HTTP 200, so that Apollo's clients send the query along), the query with a hash
it does not have answers PERSISTED_QUERY_MISMATCH. A document is kept once it
ran (so it passed the size and validation limits, which are unchanged). A GET
by hash is an ordinary GET: the response cache serves it.

Automatic ones are kept in the shared cache (Redis when scaled out), never in
the database, for GRAPHQL_APQ_TIMEOUT seconds from their last use: anyone may
send them, so what they cost must be bounded. The client's hash is of its own
text, comments and spacing included, so it cannot be the key of the document
we keep: we keep the normalised document (comments and ignored tokens dropped)
once, under its own hash, and under the client's hash only that 64-character
reference. A hundred copies padded with comments are one document and a
hundred small references that expire; the text run is the same operation.

Registered documents (`manage.py register_documents`) stay in the database,
for ever. With GRAPHQL_TRUSTED_DOCUMENTS_ONLY, a caller `may_send_any_document`
refuses is answered only for those.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql.language import Lexer, Source, TokenKind

from graphql_api.core.errors import ErrorCode
from graphql_api.core.request_body import RequestRefused
from graphql_api.models import PersistedDocument

SHA256 = re.compile(r"^[0-9a-f]{64}$")
DOCUMENT_PREFIX = "graphql-apq:document:"
HASH_PREFIX = "graphql-apq:hash:"
# Tokens that need a space between them (`a b`, `1 a`); punctuators need none.
_WORDS = {
    TokenKind.NAME,
    TokenKind.INT,
    TokenKind.FLOAT,
    TokenKind.STRING,
    TokenKind.BLOCK_STRING,
}


def digest(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def normalised(document: str) -> str:
    """The document without comments and ignored tokens (spaces, commas).

    Strings are kept as written. A document that does not lex is returned as
    is (it never ran, so it is never kept).
    """
    source = Source(document)
    lexer = Lexer(source)
    parts, previous = [], None
    try:
        token = lexer.advance()
        while token.kind != TokenKind.EOF:
            if previous in _WORDS and token.kind in _WORDS:
                parts.append(" ")
            parts.append(source.body[token.start : token.end])
            previous = token.kind
            token = lexer.advance()
    except GraphQLError:
        return document
    return "".join(parts)


def apq_timeout() -> int:
    return int(getattr(settings, "GRAPHQL_APQ_TIMEOUT", 24 * 3600))


def may_send_any_document(request) -> bool:
    """Whether this caller may run documents nobody registered.

    A partner holding an API key (checked by `partners.keys.admit` before the
    query runs) is known and limited by its key, so it may send any query;
    so may a signed-in user (an editor previewing). Anonymous callers may not.
    """
    if getattr(request, "api_access", None) is not None:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def trusted_only(request) -> bool:
    return settings.GRAPHQL_TRUSTED_DOCUMENTS_ONLY and not may_send_any_document(
        request
    )


def requested_hash(data):
    """The hash asked for, or None when the request uses no persisted query."""
    extensions = data.get("extensions")
    if not isinstance(extensions, dict) or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if (
        not isinstance(persisted, dict)
        or persisted.get("version") != 1
        or not isinstance(persisted.get("sha256Hash"), str)
    ):
        raise RequestRefused(
            400,
            _("Only version 1 of persisted queries, with a sha256Hash, is supported."),
            ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
        )
    sha256 = persisted["sha256Hash"].lower()
    if not SHA256.match(sha256):
        raise RequestRefused(
            400,
            _("sha256Hash is not a SHA-256 in hexadecimal."),
            ErrorCode.PERSISTED_QUERY_MISMATCH,
        )
    return sha256


def resolve(request, data):
    """Fill `data["query"]` from a persisted hash; return the hash to keep, if any.

    Raise RequestRefused for an unknown hash, a mismatch, or (trusted documents
    only) a document nobody registered.
    """
    sha256 = requested_hash(data)
    query = data.get("query")
    trusted = trusted_only(request)
    if sha256 is None:
        if trusted and isinstance(query, str):
            check_registered(digest(query))
        return None
    if isinstance(query, str) and query:
        if digest(query) != sha256:
            raise RequestRefused(
                400,
                _("The query's SHA-256 is not the sha256Hash sent."),
                ErrorCode.PERSISTED_QUERY_MISMATCH,
            )
        if trusted:
            check_registered(sha256)
            return None
        return sha256
    document = None if trusted else kept_document(sha256)
    if document is None:
        document = (
            PersistedDocument.objects.filter(sha256=sha256, registered=True)
            .values_list("document", flat=True)
            .first()
        )
    if document is None:
        raise RequestRefused(
            200,
            "PersistedQueryNotFound",  # Apollo's clients look for this message
            ErrorCode.PERSISTED_QUERY_NOT_FOUND,
        )
    data["query"] = document
    return None


def kept_document(sha256):
    """The automatic document the client's hash names, if still kept; touch it."""
    reference = cache.get(HASH_PREFIX + sha256)
    if reference is None:
        return None
    document = cache.get(DOCUMENT_PREFIX + reference)
    if document is not None:
        # kept from its last use, not its first: what is asked for stays
        timeout = apq_timeout()
        cache.touch(HASH_PREFIX + sha256, timeout)
        cache.touch(DOCUMENT_PREFIX + reference, timeout)
    return document


def check_registered(sha256):
    if not PersistedDocument.objects.filter(sha256=sha256, registered=True).exists():
        raise RequestRefused(
            400,
            _("This API runs registered documents only; ask for yours to be added."),
            ErrorCode.DOCUMENT_NOT_REGISTERED,
        )


def keep(sha256, query):
    """Keep a document that ran, for the requests that will name it by hash.

    In the shared cache: the normalised document under its own hash, and the
    client's hash as a reference to it (see the module's docstring).
    """
    document = normalised(query)
    reference = digest(document)
    timeout = apq_timeout()
    # Two app servers may keep the same document at once: both write the same.
    cache.set_many(
        {DOCUMENT_PREFIX + reference: document, HASH_PREFIX + sha256: reference},
        timeout,
    )


def register(document, source=""):
    """Register a trusted document; return (sha256, created)."""
    sha256 = digest(document)
    _row, created = PersistedDocument.objects.update_or_create(
        sha256=sha256,
        defaults={"document": document, "registered": True, "source": source[:255]},
    )
    return sha256, created
