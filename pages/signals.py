"""The one channel of public changes; a site's editing rules kept on the home
page translations created later."""

from django.db.models.signals import post_save
from django.dispatch import Signal
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from pages import networks, public_files


class PublicChangeSignal(Signal):
    """A signal whose receivers always get `sites`, the networks a change concerns.

    A sender that names only the changed row (`instance=`) or its network
    (`site=`, a Site or its id) has them worked out by `networks`.
    """

    def send(self, sender, **named):
        if "sites" not in named:
            named["sites"] = networks.sites_of_change(
                site=named.get("site"), instance=named.get("instance")
            )
        return super().send(sender, **named)


# Sent for every change the public can see (decided in `public_changes`, or by
# an app for rows changed without a model signal, e.g. QuerySet.update()):
# `sender` is the model whose rows changed; `sites` the ids of the networks
# whose public answers changed (None: all; an empty set: none). A change
# partners are told of also names `event=` (e.g. "signatory.published") and
# `instance=` (and `site=`). The answer cache, the HTTP purge behind it and
# the webhooks listen here.
public_content_changed = PublicChangeSignal()


def extend_site_rules_to_translated_home(
    sender, instance, created, raw=False, **kwargs
):
    """Give a new translation of a site's home its groups' rights and its workflow.

    A network starts in French; when an editor later translates its home page
    through Wagtail Localize, the English tree must be editable by the same
    people and moderated the same way, without anyone re-running a command.
    """
    if raw or not created or not isinstance(instance, Page) or instance.depth != 2:
        return
    site_roots = Page.objects.filter(
        translation_key=instance.translation_key, sites_rooted_here__isnull=False
    ).exclude(pk=instance.pk)
    for root in site_roots:
        for grant in GroupPagePermission.objects.filter(page=root):
            GroupPagePermission.objects.get_or_create(
                group_id=grant.group_id,
                page=instance,
                permission_id=grant.permission_id,
            )
        assignment = WorkflowPage.objects.filter(page=root).first()
        if assignment is not None:
            WorkflowPage.objects.get_or_create(
                page=instance, defaults={"workflow_id": assignment.workflow_id}
            )


def connect():
    public_files.connect()
    post_save.connect(
        extend_site_rules_to_translated_home,
        dispatch_uid="pages.extend_site_rules_to_translated_home",
    )
