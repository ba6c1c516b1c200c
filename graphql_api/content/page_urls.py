"""Where a page lives: its network, its path below the home page, its public URL."""

from django.conf import settings

from graphql_api.content.sites import network_sites


def page_location(info, page):
    """Return (network, language code, home) of the tree holding `page`, or None."""
    for network in network_sites(info):
        for code, home in network.homes.items():
            if page.path.startswith(home.path):
                return network, code, home
    return None


def relative_url_path(info, page) -> str:
    location = page_location(info, page)
    if location is None:
        return page.url_path
    home = location[2]
    return "/" + page.url_path[len(home.url_path) :]


def public_url(info, page) -> str | None:
    """Return the page's address on the partner front end (or this server)."""
    location = page_location(info, page)
    if location is None:
        return None
    network, code, home = location
    base = (network.front_end_url or network.site.root_url).rstrip("/")
    prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
    return base + prefix + "/" + page.url_path[len(home.url_path) :]
