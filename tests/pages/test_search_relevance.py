"""The relevance set against the demo: the expected page is in the first three.

Runs through the hosted search page, as a visitor searches, on whichever
database the suite runs on (CI: SQLite, then PostgreSQL). The share found,
hit@3, is printed (`pytest -s`) for docs/search.md.
"""

import pytest
from django.db import connection

from tests.pages.search_cases import CASES

pytestmark = pytest.mark.django_db


def first_three_titles(client, network, language, query):
    prefix = "" if language == "fr" else f"/{language}"
    response = client.get(
        f"{prefix}/search/", {"q": query}, HTTP_HOST=f"{network}.localhost"
    )
    assert response.status_code == 200
    return [page.title for page in response.context["results"]][:3]


def test_every_search_of_the_set_finds_its_page_in_the_first_three(
    client, demo_content
):
    misses = []
    for network, language, query, expected in CASES:
        titles = first_three_titles(client, network, language, query)
        if not any(expected in title for title in titles):
            misses.append(f"{network}/{language} {query!r}: {titles}")

    print(
        f"hit@3 on {connection.vendor}: {len(CASES) - len(misses)}/{len(CASES)}"
        f" = {(len(CASES) - len(misses)) / len(CASES):.2f}"
    )
    assert len(CASES) >= 40
    assert misses == []


def test_a_search_with_a_typo_says_which_words_it_showed_results_for(
    client, demo_content
):
    response = client.get(
        "/search/", {"q": "visites montpelier"}, HTTP_HOST="club.localhost"
    )

    assert "Affichage des résultats pour « visites montpellier »" in (
        response.content.decode()
    )
