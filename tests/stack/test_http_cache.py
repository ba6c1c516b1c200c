"""The HTTP cache (Varnish) in front of the balancer: who may purge it, and what
it gives a browser after it stored a server's answer."""

import uuid

import requests

ORIGIN = "https://partner.example"  # the stack's allowed browser origin


def unique_query():
    # a comment makes a URL no earlier test cached
    return "{ apiVersion } # " + uuid.uuid4().hex


def purge(stack, **headers):
    return requests.request(
        "PURGE",
        stack.url("cache", "/"),
        headers={"Host": stack.host, "xkey-purge": "cms", **headers},
        timeout=10,
    )


def test_a_purge_without_the_secret_changes_nothing(stack):
    # given an answer the HTTP cache holds
    query = unique_query()
    stack.get("cache", "/graphql/", params={"query": query})
    assert (
        stack.get("cache", "/graphql/", params={"query": query}).headers["X-Cache"]
        == "HIT"
    )
    # when someone on the cache's host purges without the secret, or a wrong one
    refused = [purge(stack), purge(stack, **{"X-Purge-Secret": "guess"})]
    # then it is refused and the answer is still served from the cache
    assert [response.status_code for response in refused] == [403, 403]
    again = stack.get("cache", "/graphql/", params={"query": query})
    assert again.headers["X-Cache"] == "HIT"
    # and the app's own purge, with the secret, still works
    secret = stack.env["HTTP_CACHE_PURGE_SECRET"]
    assert purge(stack, **{"X-Purge-Secret": secret}).status_code == 200
    fresh = stack.get("cache", "/graphql/", params={"query": query})
    assert fresh.headers["X-Cache"] == "MISS"


def test_a_browser_after_a_server_gets_its_cors_headers_through_the_cache(stack):
    # given a server-side caller's answer (no Origin) the cache stored
    query = unique_query()
    stack.get("cache", "/graphql/", params={"query": query})
    server = stack.get("cache", "/graphql/", params={"query": query})
    assert server.headers["X-Cache"] == "HIT"
    assert "Access-Control-Allow-Origin" not in server.headers
    # when a browser on the allowed origin asks the same URL
    browser = stack.get(
        "cache", "/graphql/", params={"query": query}, headers={"Origin": ORIGIN}
    )
    # then it is answered with the CORS headers it needs to read the answer
    assert browser.status_code == 200
    assert browser.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert browser.json() == server.json()
