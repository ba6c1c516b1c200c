"""Which saved rows change public answers, and of which network.

Only public content empties cached answers: a page published, unpublished,
moved or deleted, a live page or a public snippet, image or document changed,
a signatory or an award written or withdrawn. A draft saved, a revision, a
workflow step, a lock, an application and its status changes empty nothing.
A change is scoped to the network (Wagtail site) whose tree or rows it touches;
a change no network owns empties every network's answers.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images.models import AbstractRendition
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from graphql_api.caching.answers import empty_now_and_on_commit
from pages.signals import public_content_changed

# Rows of these apps feed public answers, besides pages (decided below).
CONTENT_APPS = {"pages", "wagtailimages", "wagtaildocs"}
# Wagtail's own tables that shape public answers: the networks, their languages,
# who may see a page, where media live. Revisions, workflow and task states,
# log entries, locks and comments are not among them.
CONTENT_MODELS = {
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Collection",
    "wagtailcore.CollectionViewRestriction",
    "proposals.Campaign",
    "proposals.LabelAward",
}
# What saving a draft, submitting it to moderation or locking a page writes on
# the page row: none of it is served.
DRAFT_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "wagtail_admin_comments",
    "locked",
    "locked_at",
    "locked_by",
}
_HOME_DEPTH = 2


def sites_of_page(page) -> set[int] | None:
    """Return the id of the network whose tree holds `page`, None if it has none.

    A network's site is rooted at its source-language home; the translated homes
    are siblings sharing its translation key.
    """
    if page is None or not page.path or page.depth < _HOME_DEPTH:
        return None
    home_path = page.path[: Page.steplen * _HOME_DEPTH]
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


def changes_public_answers(sender, instance, update_fields=None, **kwargs) -> bool:
    if kwargs.get("raw"):
        return False
    if issubclass(sender, Page):
        if not instance.live:
            # a draft created, saved or deleted; an unpublication has its signal
            return False
        if kwargs.get("signal") is post_delete:
            return True
        return not (update_fields and set(update_fields) <= DRAFT_FIELDS)
    # A rendition is made while an answer is computed, for that answer: it
    # changes no answer already given.
    if issubclass(sender, AbstractRendition):
        return False
    if sender._meta.label == "proposals.Project":
        # an applicant's project is private until a stage is awarded
        awards = getattr(instance, "awards", None)
        return instance.pk is not None and awards is not None and awards.exists()
    return (
        sender._meta.app_label in CONTENT_APPS or sender._meta.label in CONTENT_MODELS
    )


@receiver(page_published)
@receiver(page_unpublished)
def empty_on_publication(sender, instance, **kwargs):
    empty_now_and_on_commit(sites_of_page(instance))


@receiver(post_page_move)
def empty_on_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if not instance.live:
        return
    before = sites_of_page(parent_page_before)
    after = sites_of_page(parent_page_after)
    empty_now_and_on_commit(None if before is None or after is None else before | after)


@receiver(public_content_changed)
def empty_on_public_change(sender, site=None, instance=None, **kwargs):
    """Rows changed without a model signal (an update()), or an event announced.

    `site` (a Site or its id) names the network; else `instance` tells it; else
    every network's answers are emptied.
    """
    if site is not None:
        sites = {getattr(site, "pk", site)}
    elif instance is not None:
        sites = sites_of(instance)
    else:
        sites = None
    empty_now_and_on_commit(sites)


@receiver(post_save)
@receiver(post_delete)
def empty_on_content_change(sender, instance, **kwargs):
    if changes_public_answers(sender, instance, **kwargs):
        empty_now_and_on_commit(sites_of(instance))
