"""The cheaper search answers exactly what the search as first written answered.

Same objects, same order, same correction, for many searches on the demo:
the relevance set's and more (typos, stop words, words of the other language,
phrases, repeated words), over the pages of each network (in each language,
and in all of them asked in either, where the asked language ranks first)
and over the snippets and documents the API searches.
"""

import pytest
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from pages.models import Organisation, Signatory
from pages.search.query import search
from pages.visibility import public
from tests.pages import search_reference
from tests.pages.search_cases import CASES

pytestmark = pytest.mark.django_db

MORE = [
    "rencontre",
    "rencontres rencontres accueil",
    "accueil seminaire nouveaux membres",
    "le la les des",
    "the of and",
    "charte charter partenaires partners",
    "ecoquartier",
    "écoquartiers 2011",
    "visit visite montpellier",
    "club",
    "membre membres member members",
    "zzzzzz",
    "x",
    "gouvernance gouvernence",
    "renconrtes nationales",
    "acceuil",
    "partenaires charet",
    "sustainable developpement",
    "local development participatory",
    "regie quartier",
]
SEARCHES = sorted({query for _network, _language, query, _title in CASES} | set(MORE))


def answers(queryset, query, language):
    ours = search(queryset, query, language)
    theirs = search_reference.search(queryset, query, language)
    return (ours.ids, ours.corrected_query), (theirs.ids, theirs.corrected_query)


def searches():
    """(what is searched, queryset, searches, languages asked)."""
    for site in Site.objects.select_related("root_page"):
        home = site.root_page
        pages = public(Page.objects.live().descendant_of(home, inclusive=True))
        yield f"{site.hostname}, every language", pages, SEARCHES, ("fr", "en")
        network = site.hostname.split(".")[0]
        for translation in home.get_translations(inclusive=True):
            language = translation.locale.language_code
            own = [
                query
                for where, asked, query, _title in CASES
                if (where, asked) == (network, language)
            ]
            yield (
                f"{site.hostname}, {language}",
                pages.filter(locale=translation.locale),
                own,
                (language,),
            )
    yield "signatories", Signatory.objects.all(), MORE, ("fr",)
    yield "organisations", Organisation.objects.all(), MORE, ("en",)
    yield "documents", get_document_model().objects.all(), MORE, ("fr",)


def test_every_search_answers_as_the_reference_search(demo_content):
    compared, found = 0, 0
    differences = []
    for label, queryset, queries, languages in searches():
        for query in queries:
            for language in languages:
                ours, theirs = answers(queryset, query, language)
                compared += 1
                found += bool(theirs[0])
                if ours != theirs:
                    differences.append((label, query, language, ours, theirs))

    assert differences == []
    # The comparison is only worth something if most searches find something.
    assert compared > 400
    assert found > compared / 3
