"""A change made through one app server is what every other one serves, at once."""

import uuid

PAGE = """
query Page($path: String!) {
  page(site: "club", urlPath: $path) { id title }
}
"""
PATH = "/le-club/"
PAGE_BY_PATH = '{ page(site: "club", urlPath: "/le-club/") { id title } }'


def title_seen(stack, server):
    return stack.query(server, PAGE, {"path": PATH})["data"]["page"]["title"]


def test_a_page_published_through_a_is_served_changed_by_b_and_the_balancer(stack):
    # given B and the balancer have served (and cached) the page
    page_id = stack.query("a", PAGE, {"path": PATH})["data"]["page"]["id"]
    before = title_seen(stack, "b")
    assert title_seen(stack, "b") == before
    assert title_seen(stack, "balancer") == before

    # when an editor saves a new title as a draft (in a process of its own)
    new_title = f"Le club, revu {uuid.uuid4().hex[:6]}"
    stack.shell(
        "from wagtail.models import Page; "
        f"page = Page.objects.get(id={page_id}).specific; "
        f"page.title = {new_title!r}; page.save_revision()"
    )

    # then nothing public changes
    assert title_seen(stack, "b") == before

    # when a moderator publishes it through app server A
    moderator = stack.login("a", "admin")
    published = stack.form_post(
        "a",
        moderator,
        f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/",
        {},
    )
    assert published.status_code == 302

    # then B's GraphQL GET, B's hosted page and the balancer show it at once
    assert title_seen(stack, "b") == new_title
    assert title_seen(stack, "balancer") == new_title
    hosted = stack.get("b", PATH)
    assert hosted.status_code == 200
    assert new_title in hosted.text


def test_an_unpublished_page_disappears_from_b_at_once(stack):
    # given a page B has served
    data = stack.query("b", PAGE, {"path": "/charte-des-partenaires/"})
    page_id = data["data"]["page"]["id"]
    assert stack.get("b", "/charte-des-partenaires/").status_code == 200

    # when it is unpublished through A
    admin = stack.login("a", "admin")
    done = stack.form_post("a", admin, f"/admin/pages/{page_id}/unpublish/", {})
    assert done.status_code == 302

    # then B and the balancer no longer serve it
    gone = stack.query("b", PAGE, {"path": "/charte-des-partenaires/"})
    assert gone["data"]["page"] is None
    assert stack.get("b", "/charte-des-partenaires/").status_code == 404
    assert (
        stack.query("balancer", PAGE, {"path": "/charte-des-partenaires/"})["data"][
            "page"
        ]
        is None
    )

    # and published again through B, A serves it again
    stack.form_post(
        "b",
        stack.login("b", "admin"),
        f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/",
        {},
    )
    again = stack.query("a", PAGE, {"path": "/charte-des-partenaires/"})
    assert again["data"]["page"]["id"] == page_id


def test_the_http_cache_keeps_public_answers_and_a_publish_purges_them(stack):
    # given the HTTP cache holds the page's GraphQL answer and the hosted page
    stack.get("cache", "/graphql/", params={"query": PAGE_BY_PATH})
    hit = stack.get("cache", "/graphql/", params={"query": PAGE_BY_PATH})
    assert hit.headers["X-Cache"] == "HIT"
    page = hit.json()["data"]["page"]
    stack.get("cache", PATH)
    assert stack.get("cache", PATH).headers["X-Cache"] == "HIT"

    # when a new title is published through app server A
    new_title = f"Le club, au présent {uuid.uuid4().hex[:6]}"
    stack.shell(
        "from wagtail.models import Page; "
        f"page = Page.objects.get(id={page['id']}).specific; "
        f"page.title = {new_title!r}; page.save_revision()"
    )
    stack.form_post(
        "a",
        stack.login("a", "admin"),
        f"/admin/bulk/wagtailcore/page/publish/?id={page['id']}&next=/admin/",
        {},
    )

    # then the cache answers with it at once, on the API and on the page
    fresh = stack.get("cache", "/graphql/", params={"query": PAGE_BY_PATH})
    assert fresh.headers["X-Cache"] == "MISS"
    assert fresh.json()["data"]["page"]["title"] == new_title
    assert new_title in stack.get("cache", PATH).text
