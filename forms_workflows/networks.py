"""Which networks' applications a member of staff reviews.

Each network has a `Reviewers · <key>` group, created with its editors' and
moderators' groups: its members review that network's applications only. The
review permission held any other way (the global `Reviewers` group, a
permission given to the user directly, a superuser) covers every network,
for staff who review them all.

`reviewable()` is the one answer to "which applications may this user see":
the admin listing, inspect and history views, the exports, the dashboard
panel, the search and filters, and the transition service all ask it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from forms_workflows.registry import KINDS
from pages.models import NetworkSettings
from pages.networks import REVIEWERS_PREFIX, reviewers_group_name

GLOBAL_REVIEWERS_GROUP = "Reviewers"

ALL = None  # reviewed_site_ids() answers ALL for staff who review every network


def network_key_of_group(name):
    """The network key of a `Reviewers · <key>` group's name, else None."""
    if name.startswith(REVIEWERS_PREFIX):
        return name[len(REVIEWERS_PREFIX) :]
    return None


def access_permissions(model):
    """The "app_label.codename" permissions that let a user read `model`'s rows."""
    meta = model._meta
    return (
        model.workflow.review_permission,
        f"{meta.app_label}.view_{meta.model_name}",
    )


def reviewed_site_ids(user, model):
    """ALL, or the ids of the sites whose `model` applications `user` may read."""
    if not user or not getattr(user, "is_active", False):
        return set()
    if getattr(user, "is_superuser", False):
        return ALL
    if not user.pk:
        return set()
    # A listing asks once per row; the user object lives for one request.
    cache = user.__dict__.setdefault("_reviewed_site_ids", {})
    if model in cache:
        return cache[model]
    cache[model] = _reviewed_site_ids(user, access_permissions(model))
    return cache[model]


def _reviewed_site_ids(user, permission_names):
    if not any(user.has_perm(name) for name in permission_names):
        return set()
    permissions = Permission.objects.none()
    for name in permission_names:
        app_label, codename = name.split(".")
        permissions |= Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    if user.user_permissions.filter(pk__in=permissions).exists():
        return ALL
    keys = set()
    names = user.groups.filter(permissions__in=permissions).values_list(
        "name", flat=True
    )
    for name in set(names):
        key = network_key_of_group(name)
        if key is None:  # the global group, or any other group granting it
            return ALL
        keys.add(key)
    return set(
        NetworkSettings.objects.filter(key__in=keys).values_list("site_id", flat=True)
    )


def reviewable(user, queryset):
    """The applications of `queryset` that `user` may see and review."""
    site_ids = reviewed_site_ids(user, queryset.model)
    if site_ids is ALL:
        return queryset
    return queryset.filter(site_id__in=site_ids)


def covers(user, obj):
    """Whether `obj`'s network is one that `user` reviews."""
    site_ids = reviewed_site_ids(user, type(obj))
    return site_ids is ALL or obj.site_id in site_ids


def reviewer_users(model, site_id):
    """The active users who review `model` applications of the site `site_id`."""

    app_label, codename = model.workflow.review_permission.split(".")
    permission = Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    ).first()
    key = (
        NetworkSettings.objects.filter(site_id=site_id)
        .values_list("key", flat=True)
        .first()
    )
    own_group = Q(groups__name=reviewers_group_name(key)) if key else Q(pk__in=[])
    other_groups = Group.objects.filter(permissions=permission).exclude(
        name__startswith=REVIEWERS_PREFIX
    )
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(
        Q(is_superuser=True)
        | Q(user_permissions=permission)
        | Q(groups__in=other_groups)
        | (own_group & Q(groups__permissions=permission))
    ).distinct()


def reviewer_permissions():
    """What a network's reviewers hold: the admin, and reading and reviewing each
    kind whose applications belong to one network (as the global group, 0002)."""
    held = [("wagtailadmin", "access_admin")]
    for model, kind in KINDS.items():
        if kind.workflow.network_scoped:
            meta = model._meta
            held.append((meta.app_label, f"view_{meta.model_name}"))
            held.append(tuple(kind.workflow.review_permission.split(".")))
    return held


@transaction.atomic
def create_reviewers_group(site=None, key=None, **kwargs):
    """Create or complete the `Reviewers · <key>` group of one network.

    Connected to `pages.permissions.site_groups_created`, so it runs wherever a
    network's editors' and moderators' groups are made.
    """
    group, _created = Group.objects.get_or_create(name=reviewers_group_name(key))
    for app_label, codename in reviewer_permissions():
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission:
            group.permissions.add(permission)
    return group
