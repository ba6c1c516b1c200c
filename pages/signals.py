"""Keep a site's editing rules on the home page translations created later."""

from django.db.models.signals import post_save
from django.dispatch import Signal
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from pages import public_files

# Sent after public rows change without a model signal (QuerySet.update()):
# whoever keeps copies of public answers (the API's response cache) empties them.
# `sender` is the model whose rows changed. A change partners are told of also
# names it: `event=` (e.g. "signatory.published"), `instance=`, `site=`.
public_content_changed = Signal()


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
