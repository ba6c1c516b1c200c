"""The network a change belongs to, and the key partners know it by."""

from wagtail.models import Page, Site


def site_key(site) -> str:
    from pages.models import NetworkSettings

    settings = NetworkSettings.objects.filter(site=site).first()
    return (settings.key if settings else "") or site.hostname


def home_of(page):
    """The home page (depth 2) above `page`, in its own language's tree."""
    if page.depth == 2:
        return page
    return Page.objects.filter(depth=2, path=page.path[: Page.steplen * 2]).first()


def site_and_path(page, url_path=None):
    """Return (site, path below its home) of a page, or (None, None)."""
    home = home_of(page)
    if home is None:
        return None, None
    site = Site.objects.filter(root_page__translation_key=home.translation_key).first()
    url_path = url_path or page.url_path
    return site, "/" + url_path[len(home.url_path) :]
