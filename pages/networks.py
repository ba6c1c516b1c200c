"""Which network (Wagtail site) a page or a row belongs to, and its key.

A network's site is rooted at its source-language home (depth 2); the
translated homes are siblings sharing its translation key. The answer cache,
the webhooks and the HTTP purge learn a change's networks from here, through
`public_changes`.
"""

from wagtail.models import Page, Site

from pages.models import NetworkSettings

HOME_DEPTH = 2

# A network's staff groups are named "<role> · <network key>". The migrations
# that created them froze these names, so they never change.
EDITORS_PREFIX = "Editors · "
MODERATORS_PREFIX = "Moderators · "
REVIEWERS_PREFIX = "Reviewers · "


def editors_group_name(key):
    return f"{EDITORS_PREFIX}{key}"


def moderators_group_name(key):
    return f"{MODERATORS_PREFIX}{key}"


def reviewers_group_name(key):
    return f"{REVIEWERS_PREFIX}{key}"


def site_key(site) -> str:
    """The key partners know a network by: its settings' key, else its host name."""
    settings = NetworkSettings.objects.filter(site=site).first()
    return (settings.key if settings else "") or site.hostname


def home_of(page):
    """The home page (depth 2) above `page`, in its own language's tree."""
    if page.depth == HOME_DEPTH:
        return page
    return Page.objects.filter(
        depth=HOME_DEPTH, path=page.path[: Page.steplen * HOME_DEPTH]
    ).first()


def site_and_path(page, url_path=None):
    """Return (site, path below its home) of a page, or (None, None)."""
    home = home_of(page)
    if home is None:
        return None, None
    site = Site.objects.filter(root_page__translation_key=home.translation_key).first()
    url_path = url_path or page.url_path
    return site, "/" + url_path[len(home.url_path) :]


def sites_of_page(page) -> set[int] | None:
    """Return the id of the network whose tree holds `page`, None if it has none."""
    if page is None or not page.path or page.depth < HOME_DEPTH:
        return None
    home_path = page.path[: Page.steplen * HOME_DEPTH]
    homes = Page.objects.filter(path=home_path).values("translation_key")
    found = set(
        Site.objects.filter(root_page__translation_key__in=homes).values_list(
            "pk", flat=True
        )
    )
    return found or None


def sites_of(instance) -> set[int] | None:
    """Return the ids of the networks `instance` belongs to, None for all."""
    if isinstance(instance, Page):
        return sites_of_page(instance)
    if isinstance(instance, Site):
        # which network a host name or the default falls to: every network
        return None
    site_id = getattr(instance, "site_id", None)
    if site_id is not None:
        return {site_id}
    # a page's child row (tags, orderables): its page's network
    for field in instance._meta.concrete_fields:
        model = getattr(field, "related_model", None)
        if isinstance(model, type) and issubclass(model, Page):
            page = getattr(instance, field.name, None)
            return sites_of_page(page) if page is not None else None
    return None


def sites_of_change(sites=None, site=None, instance=None) -> set[int] | None:
    """The networks a change concerns: as named (`sites`, or one `site`, a Site
    or its id), else those of the changed row; None for every network."""
    if sites is not None:
        return set(sites)
    if site is not None:
        return {getattr(site, "pk", site)}
    if instance is not None:
        return sites_of(instance)
    return None
