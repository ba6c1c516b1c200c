"""The hosted "API for partners" page: the guide as HTML, every link leading somewhere."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from pages.guide_markup import render_guide


def guide_of(client, path):
    response = client.get(path, HTTP_HOST="club.localhost")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".guide")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pages:api_docs", "pages:api_changelog"])
def test_the_guide_reads_as_html_and_each_of_its_links_works(client, club, name):
    guide = guide_of(client, reverse(name))

    # the Markdown is rendered: headings, code and tables, no raw syntax left
    assert guide.find("h2") is not None and guide.find("code") is not None
    text = guide.get_text()
    assert "](" not in text and "**" not in text and "\n## " not in text
    assert "root of the repository" not in text
    # every link goes to the web, to a heading of the page, or to a page served here
    links = [a["href"] for a in guide.find_all("a")]
    assert links
    for href in links:
        address = urlsplit(href)
        if address.scheme:
            assert address.scheme in ("http", "https")
            continue
        target = guide
        if address.path:
            response = client.get(address.path, HTTP_HOST="club.localhost")
            assert response.status_code == 200, href
            if not address.fragment:
                continue
            target = guide_of(client, address.path)
        assert target.find(id=address.fragment) is not None, href


@pytest.mark.django_db
def test_the_guide_links_to_the_schema_it_describes(client, club):
    guide = guide_of(client, reverse("pages:api_docs"))
    schema = guide.find("a", string="schema.graphql")

    response = client.get(schema["href"], HTTP_HOST="club.localhost")

    assert response["Content-Type"].startswith("text/plain")
    assert "type Query" in response.content.decode()


def test_the_guide_renderer_escapes_html_and_drops_unsafe_or_unknown_links():
    html = render_guide(
        "<script>alert(1)</script> [run](javascript:alert(1)) [other](other.md) "
        "[site](https://example.org/)"
    )

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert " other " in html and "other.md" not in html
    assert '<a href="https://example.org/">site</a>' in html
