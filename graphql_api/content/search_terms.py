"""A `search` argument made safe before it reaches the database.

Bounded first (characters, then words, each with its code), so that a long
search cannot tie up a worker or hit a backend's limits (SQLite's LIKE
pattern, the recursion of the full-text query builder, one level per word).
The full-text search then receives words only, letters and digits: no quote,
NUL or operator (`"'&|!():*`) ever reaches SQLite's FTS5 or PostgreSQL's
tsquery as syntax.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _

from graphql_api.core.errors import ApiError, ErrorCode

WORD = re.compile(r"\w+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def bounded_words(value: str, argument: str) -> list[str]:
    """Return the words of a search, refusing one too long or of too many words."""
    max_length = settings.GRAPHQL_SEARCH_MAX_LENGTH
    if len(value) > max_length:
        raise ApiError(
            _("The search is longer than %(max)d characters.") % {"max": max_length},
            ErrorCode.SEARCH_TOO_LONG,
            argument=argument,
            maxLength=max_length,
        )
    words = WORD.findall(value)
    max_words = settings.GRAPHQL_SEARCH_MAX_WORDS
    if len(words) > max_words:
        raise ApiError(
            _("The search has more than %(max)d words.") % {"max": max_words},
            ErrorCode.SEARCH_TOO_MANY_WORDS,
            argument=argument,
            maxWords=max_words,
        )
    return words


def full_text_query(value: str, argument: str = "query") -> str:
    """Return the search as words separated by spaces, for the search backend."""
    return " ".join(bounded_words(value, argument))


def substring(value: str, argument: str = "search") -> str:
    """Return the search for a `contains` filter: bounded, without control characters.

    The text goes to the database as a parameter, so quotes are harmless there;
    NUL is not (PostgreSQL refuses it in any string).
    """
    bounded_words(value, argument)
    return " ".join(CONTROL.sub(" ", value).split())
