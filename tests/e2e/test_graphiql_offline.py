"""GraphiQL works without internet: every script and style comes from our own host."""

import re
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders

ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')


def test_the_graphiql_page_references_only_our_own_static_files(client, settings):
    # given GraphiQL, which the API shows in a browser in development
    settings.DEBUG = True
    # when a developer opens it
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    # then every script and style is one of our static files
    assert response.status_code == 200
    assets = ASSET.findall(response.content.decode())
    assert len(assets) >= 5
    for url in assets:
        if url.startswith("data:"):  # the favicon, inline
            continue
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_graphiql_opens_and_runs_a_query_with_no_other_host_reachable(
    page, live_server, settings
):
    # given a browser that can reach nothing but the CMS
    settings.DEBUG = True
    ours = urlsplit(live_server.url).netloc
    refused = []

    def only_ours(route):
        if urlsplit(route.request.url).netloc in (ours, ""):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    # when a developer opens GraphiQL
    page.goto(live_server.url + "/graphql/")
    # then the editor appears (not "Loading..."), having asked no other host
    page.wait_for_selector(".graphiql-editors", state="visible")
    assert "Loading..." not in page.inner_text("#graphiql")
    assert refused == []
