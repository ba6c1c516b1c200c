"""Per-site editor groups, moderation workflow and snippet scoping.

A network is a Wagtail site. Its editors are confined to its page trees (the
French home and its translations), to its collection of images and documents
(see collections.py) and to the organisations and signatories that belong to
it; shared data (regions, référentiel, shared media) is read-only to them.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permission_policies import ModelPermissionPolicy

from pages.collections import grant_network_collection
from pages.networks import editors_group_name, moderators_group_name

# Sent by `create_site_groups(site, key)` once a network's groups exist, so that
# the apps above this one add theirs (the network's reviewers, for instance).
site_groups_created = Signal()

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = EDITOR_PAGE_PERMISSIONS + [
    "publish_page",
    "lock_page",
    "unlock_page",
]
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    ("pages", "add_organisation"),
    ("pages", "change_organisation"),
    ("pages", "add_signatory"),
    ("pages", "change_signatory"),
    ("pages", "view_region"),
    ("pages", "view_referentiel"),
    ("pages", "view_dimension"),
    ("pages", "view_commitment"),
]
MODERATOR_MODEL_PERMISSIONS = EDITOR_MODEL_PERMISSIONS + [
    ("pages", "delete_organisation"),
    ("pages", "delete_signatory"),
]


# Wagtail shows a workflow's and a task's stored name as it is, in every
# language (dashboard, status panel, e-mails): so they are named in both.
def moderation_workflow_name(key):
    return f"Modération / Moderation · {key}"


def approval_task_name(key):
    return f"Validation / Approval · {key}"


def _permissions(pairs):
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def site_home_pages(site):
    """Return the site's root page and every translation of it."""
    root = site.root_page
    return [root, *root.get_translations()]


def _grant(group, key, homes, page_codenames, model_permissions):
    group.permissions.add(*_permissions(model_permissions))
    grant_network_collection(apps, group, key)
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=page_codenames
    )
    for page in homes:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )


def assign_moderation_workflow(site, key, moderators):
    """Give the site's home pages a workflow that only its moderators approve."""
    workflow, _ = Workflow.objects.get_or_create(name=moderation_workflow_name(key))
    task = GroupApprovalTask.objects.filter(name=approval_task_name(key)).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=approval_task_name(key))
    task.groups.set([moderators])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    for page in site_home_pages(site):
        WorkflowPage.objects.update_or_create(
            page=page, defaults={"workflow": workflow}
        )
    return workflow


@transaction.atomic
def create_site_groups(site, key):
    """Create or complete the editors' and moderators' groups of one site.

    Also its collection of media, and (through `site_groups_created`) the groups
    other apps give a network. Idempotent: run it again after the English home
    page is created so that the translation tree is covered too. Return
    `(editors, moderators)`.
    """
    homes = site_home_pages(site)
    editors, _ = Group.objects.get_or_create(name=editors_group_name(key))
    moderators, _ = Group.objects.get_or_create(name=moderators_group_name(key))
    _grant(editors, key, homes, EDITOR_PAGE_PERMISSIONS, EDITOR_MODEL_PERMISSIONS)
    _grant(
        moderators, key, homes, MODERATOR_PAGE_PERMISSIONS, MODERATOR_MODEL_PERMISSIONS
    )
    assign_moderation_workflow(site, key, moderators)
    site_groups_created.send(sender=Site, site=site, key=key)
    return editors, moderators


def sites_for_user(user):
    """Return the sites whose home page (or an ancestor) the user's groups cover."""
    if not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(pk__in=_site_ids_for_user(user))


def _site_ids_for_user(user):
    # A listing asks once per row; the user object lives for one request, so
    # the answer is kept on it rather than recomputed from the tree each time.
    cached = getattr(user, "_pages_site_ids", None)
    if cached is not None:
        return cached
    granted = Page.objects.filter(group_permissions__group__user=user).distinct()
    paths = [page.path for page in granted]
    translation_keys = {page.translation_key for page in granted}
    site_ids = [
        site.pk
        for site in Site.objects.select_related("root_page")
        if site.root_page.translation_key in translation_keys
        or any(site.root_page.path.startswith(path) for path in paths)
    ]
    user._pages_site_ids = site_ids
    return site_ids


class SiteScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, limited to the rows of the sites the user edits."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if user.is_superuser:
            return True
        return instance.site_id in _site_ids_for_user(user)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser:
            return instances
        return instances.filter(site__in=sites_for_user(user))
