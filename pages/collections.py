"""A collection of images and documents per network, and a shared one.

A network's editors and moderators work in their own collection only; the
shared collection holds what every network may use, read-only (chosen, not
changed). The functions take an app registry (`django.apps.apps` or a
migration's `apps`), so the migration that sorts existing media and the demo
use the same code.
"""

from django.conf import settings

from pages.networks import editors_group_name, moderators_group_name

SHARED_COLLECTION = "Shared media"
_STEPLEN = 4
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # django-treebeard's MP_Node


def network_collection_name(key):
    return f"Media · {key}"


def _path_segment(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(_ALPHABET))
        digits = _ALPHABET[rest] + digits
    return digits.rjust(_STEPLEN, "0")


def ensure_collection(apps, name):
    """Return the collection `name` directly under the root, creating it if missing.

    Written against the tree's columns rather than treebeard's methods, which
    a migration's historical model does not have.
    """
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    existing = Collection.objects.filter(depth=2, name=name).first()
    if existing is not None:
        return existing
    last = (
        Collection.objects.filter(depth=2, path__startswith=root.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-_STEPLEN:], len(_ALPHABET)) + 1 if last else 1
    collection = Collection.objects.create(
        name=name, path=root.path + _path_segment(number), depth=2, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    return collection


def _image_model(apps):
    label = getattr(settings, "WAGTAILIMAGES_IMAGE_MODEL", "wagtailimages.Image")
    return apps.get_model(label)


def _document_model(apps):
    label = getattr(settings, "WAGTAILDOCS_DOCUMENT_MODEL", "wagtaildocs.Document")
    return apps.get_model(label)


class SiteFinder:
    """Tell which network (site) a page, a snippet or an editor belongs to."""

    def __init__(self, apps):
        self.apps = apps
        Site = apps.get_model("wagtailcore", "Site")
        Page = apps.get_model("wagtailcore", "Page")
        NetworkSettings = apps.get_model("pages", "NetworkSettings")
        self.keys = dict(NetworkSettings.objects.values_list("site_id", "key"))
        self.homes = []  # (path, site id): each site's home and its translations
        for site in Site.objects.select_related("root_page"):
            root = site.root_page
            for path in Page.objects.filter(
                translation_key=root.translation_key
            ).values_list("path", flat=True):
                self.homes.append((path, site.pk))
        self.pages = dict(Page.objects.values_list("pk", "path"))
        ContentType = apps.get_model("contenttypes", "ContentType")
        self.content_types = {
            ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()
        }

    def site_of_page(self, page_id):
        path = self.pages.get(int(page_id))
        if path is None:
            return None
        for home_path, site_id in self.homes:
            if path.startswith(home_path):
                return site_id
        return None

    def site_of(self, content_type_id, object_id):
        app_label, model_name = self.content_types.get(content_type_id, ("", ""))
        if (app_label, model_name) == ("wagtailcore", "page"):
            return self.site_of_page(object_id)
        try:
            model = self.apps.get_model(app_label, model_name)
        except LookupError:
            return None
        if not any(f.name == "site" for f in model._meta.concrete_fields):
            return None
        return (
            model._base_manager.filter(pk=object_id)
            .values_list("site_id", flat=True)
            .first()
        )

    def site_of_editor(self, user_id):
        if user_id is None:
            return None
        Group = self.apps.get_model("auth", "Group")
        names = set(
            Group.objects.filter(user__pk=user_id).values_list("name", flat=True)
        )
        sites = {
            site_id
            for site_id, key in self.keys.items()
            if editors_group_name(key) in names or moderators_group_name(key) in names
        }
        return sites.pop() if len(sites) == 1 else None


def place_media(apps):
    """Move the media of the root collection to their network's collection.

    A medium goes to a network's collection when every page and snippet that
    uses it belongs to that network (or, unused, when its uploader edits that
    network only); otherwise, used by several networks or by none that can be
    told, it goes to the shared collection. Media already filed in another
    collection stay where they are. Return how many were moved.
    """
    Collection = apps.get_model("wagtailcore", "Collection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return 0
    finder = SiteFinder(apps)
    shared = ensure_collection(apps, SHARED_COLLECTION)
    collections = {
        site_id: ensure_collection(apps, network_collection_name(key))
        for site_id, key in finder.keys.items()
    }
    moved = 0
    for model in (_image_model(apps), _document_model(apps)):
        content_type = ContentType.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        for medium in model.objects.filter(collection=root):
            references = ReferenceIndex.objects.filter(
                to_content_type=content_type, to_object_id=str(medium.pk)
            ).values_list("base_content_type_id", "object_id")
            sites = {finder.site_of(ct, pk) for ct, pk in references}
            if not sites:
                sites = {finder.site_of_editor(medium.uploaded_by_user_id)}
            site_id = sites.pop() if len(sites) == 1 else None
            medium.collection = collections.get(site_id, shared)
            model.objects.filter(pk=medium.pk).update(collection=medium.collection)
            moved += 1
    return moved


# A network's editors and moderators, on their own collection.
NETWORK_COLLECTION_PERMISSIONS = [
    ("wagtailimages", ["add_image", "change_image", "delete_image", "choose_image"]),
    (
        "wagtaildocs",
        ["add_document", "change_document", "delete_document", "choose_document"],
    ),
]
# Everyone's editors, on the shared collection: use, not change.
SHARED_COLLECTION_PERMISSIONS = [
    ("wagtailimages", ["choose_image"]),
    ("wagtaildocs", ["choose_document"]),
]


def grant_network_collection(apps, group, key):
    """Give `group` its network's collection and the shared one, and nothing else.

    Grants on any other collection (the root's, which covers every network's
    media, included) are withdrawn.
    """
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    own = ensure_collection(apps, network_collection_name(key))
    shared = ensure_collection(apps, SHARED_COLLECTION)
    wanted = set()
    for collection, pairs in (
        (own, NETWORK_COLLECTION_PERMISSIONS),
        (shared, SHARED_COLLECTION_PERMISSIONS),
    ):
        for app_label, codenames in pairs:
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            ):
                row, _created = GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
                wanted.add(row.pk)
    GroupCollectionPermission.objects.filter(group=group).exclude(
        pk__in=wanted
    ).delete()
    return own
