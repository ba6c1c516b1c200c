"""The API's page search reads the search index with SQL compiled once per shape.

Building the query of a search's index rows (those of the pages a visitor
may see: live, not expired, unrestricted, of the network and language) and
compiling it to SQL cost about 1 ms of the bench search's 11 (N = 1,000,
in-process). Its shape is the same on every request for a network, a
language and the restricted paths: it is compiled once per process
(`core.statements`) and run with the request's time, languages and terms.
"""

from django.utils import timezone

from graphql_api.core import statements
from pages.search.models import IndexedTerm
from pages.search.query import postings_query


def compiled_reader(shape, visible):
    """A reader of index rows for `pages.search.query.search`.

    `visible(now)` builds the queryset of the pages the search may find at
    `now`; `shape` names everything else its SQL depends on. The queryset
    handed to the reader is not used: the one `visible` builds is the same.
    """

    def read(_queryset, content_type, languages, terms):
        values = {"content_type": content_type.pk}
        values.update((f"language{n}", code) for n, code in enumerate(languages))
        values.update((f"term{n}", term) for n, term in enumerate(terms))

        def build(now, content_type, **named):
            return postings_query(
                visible(now),
                content_type,
                [named[f"language{n}"] for n in range(len(languages))],
                [named[f"term{n}"] for n in range(len(terms))],
            )

        key = ("search index", shape, len(languages), len(terms))
        return statements.tuples(IndexedTerm, key, build, now=timezone.now(), **values)

    return read
