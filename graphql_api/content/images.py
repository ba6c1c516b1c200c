"""Images (with renditions from an allow-list) and documents."""

import strawberry
from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from graphql_api.content.loaders import Loader, loader
from graphql_api.core.context import request_cache
from graphql_api.core.errors import ApiError, ErrorCode


def absolute(info, url: str) -> str:
    request = getattr(info.context, "request", None)
    if request is None or url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


def allowed_filter(spec: str) -> str:
    if spec not in settings.GRAPHQL_RENDITION_FILTERS:
        raise ApiError(
            _(
                "The rendition filter “%(filter)s” is not allowed; use one of: %(allowed)s."
            )
            % {
                "filter": spec,
                "allowed": ", ".join(settings.GRAPHQL_RENDITION_FILTERS),
            },
            ErrorCode.RENDITION_FILTER_NOT_ALLOWED,
        )
    return spec


# (image id, file name, focal point, filter) -> (url, width, height): what
# identifies a rendition, so an image row (a list's logo) finds it without the
# image's model instance and its renditions.
_RENDITIONS: dict[tuple, tuple] = {}
RENDITIONS_KEPT = 4096


def _rendition(image, file_name, focal_point, spec):
    key = (image.pk, file_name, focal_point, spec)
    known = _RENDITIONS.get(key)
    if known is None:
        rendition = image.get_rendition(spec)
        if len(_RENDITIONS) >= RENDITIONS_KEPT:
            _RENDITIONS.clear()
        known = _RENDITIONS[key] = (rendition.url, rendition.width, rendition.height)
    return known


class PreparedImage:
    """An image as a page's read model keeps it: its fields and its renditions."""

    def __init__(self, data: dict):
        self.pk = data["id"]
        self.title = data["title"]
        self.default_alt_text = data["alt"]
        self.credit = data["credit"]
        self.width = data["width"]
        self.height = data["height"]
        self.file_url = data["url"]
        self.renditions = data["renditions"]


class PreparedDocument:
    """A public document as a page's read model keeps it."""

    def __init__(self, data: dict):
        self.pk = data["id"]
        self.title = data["title"]
        self.url = data["url"]
        self.file_size = data["size"]
        self.file_extension = data["extension"]


class KnownRenditions:
    """The renditions of an image row this process has already looked up."""

    __slots__ = ("image",)

    def __init__(self, image: tuple):
        self.image = image

    def get(self, spec):
        return _RENDITIONS.get((*self.image, spec))

    def __contains__(self, spec) -> bool:
        return (*self.image, spec) in _RENDITIONS


IMAGE_COLUMNS = (
    "id",
    "title",
    "description",
    "credit",
    "width",
    "height",
    "file",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)


class ImageRow(PreparedImage):
    """An image read as a row, not a model instance: a list's logo.

    A list of a hundred signatories would otherwise build each logo's model
    instance and every rendition it has; its renditions are the process's
    (`_rendition`), and one it has not looked up yet is made from the image
    itself (`with_rendition`).
    """

    def __init__(self, row: tuple):
        pk, title, description, credit, width, height, file_name, *focal = row
        self.pk = pk
        self.title = title
        # Wagtail's `default_alt_text`: the description, else the title.
        self.default_alt_text = description or title
        self.credit = credit
        self.width = width
        self.height = height
        self.file_name = file_name
        self.renditions = KnownRenditions((pk, file_name, tuple(focal)))

    @property
    def file_url(self) -> str:
        return get_image_model()._meta.get_field("file").storage.url(self.file_name)


def fetch_image_rows(ids) -> dict:
    rows = get_image_model().objects.filter(pk__in=ids).values_list(*IMAGE_COLUMNS)
    return {row[0]: ImageRow(row) for row in rows}


def logos(info) -> Loader:
    """The request's loader of logos, as image rows."""
    cache = request_cache(info)
    found = cache.get("loader:logo")
    if found is None:
        found = cache["loader:logo"] = Loader(fetch_image_rows)
    return found


def image_data(image, complete: bool) -> dict:
    """What a page's read model keeps of an image: the API's fields, renditions.

    `complete` makes every rendition the API's allow-lists offer (the worker);
    otherwise only those that exist are kept, and a missing one is made when
    asked (`rendition_of`).
    """
    specs = list(settings.GRAPHQL_RENDITION_FILTERS)
    for size in srcset_sizes(image.width, settings.GRAPHQL_SRCSET_WIDTHS):
        specs.append(f"width-{size}")
    if complete:
        renditions = {spec: rendition_of(image, spec) for spec in dict.fromkeys(specs)}
    else:
        existing = image.find_existing_renditions(
            *(Filter(spec=spec) for spec in dict.fromkeys(specs))
        )
        renditions = {
            key.spec: (rendition.url, rendition.width, rendition.height)
            for key, rendition in existing.items()
        }
    return {
        "id": image.pk,
        "title": image.title,
        "alt": getattr(image, "default_alt_text", None) or "",
        "credit": getattr(image, "credit", "") or "",
        "width": image.width,
        "height": image.height,
        "url": image.file.url,
        "renditions": renditions,
        "complete": complete or len(renditions) == len(set(specs)),
    }


def document_data(document) -> dict:
    return {
        "id": document.pk,
        "title": document.title,
        "url": document.url,
        "size": document.file_size,
        "extension": document.file_extension,
    }


def srcset_sizes(image_width, sizes) -> list[int]:
    """The width-N sizes a srcSet serves: those below the original, and one more.

    A width-N rendition is never wider than the original: every size from the
    original's width up gives the same image, listed once.
    """
    wanted = sorted(set(sizes))
    wider = [size for size in wanted if size >= image_width]
    return [size for size in wanted if size < image_width] + wider[:1]


def with_rendition(info, image, spec):
    """The image to take `spec` from: the image itself if its prepared form lacks it.

    Loaded with the other prepared images of the request, in one query.
    """
    if isinstance(image, PreparedImage) and spec not in image.renditions:
        files = loader(info, "image_file")
        if isinstance(image, ImageRow):
            # The list's other logos lack it too (a new process): one query.
            files.want(logos(info).loaded)
        return files.get(image.pk) or image
    return image


def rendition_of(image, spec):
    """Return `(url, width, height)` of a rendition, remembered by the process.

    Wagtail looks a rendition up (and computes its cache key) on every call; a
    rendition never changes for the same file, focal point and filter, which are
    all part of the key here, so a replaced file or moved focal point is new.
    A prepared image answers from its renditions; one it lacks (an allow-list
    grown since, a read that prepared only the existing ones) is made from the
    image itself.
    """
    if isinstance(image, PreparedImage):
        known = image.renditions.get(spec)
        if known is not None:
            return tuple(known)
        image = get_image_model().objects.get(pk=image.pk)
    focal_point = (
        image.focal_point_x,
        image.focal_point_y,
        image.focal_point_width,
        image.focal_point_height,
    )
    return _rendition(image, image.file.name, focal_point, spec)


@strawberry.type(name="Rendition", description="A resized copy of an image.")
class RenditionType:
    url: str
    width: int
    height: int


@strawberry.type(name="Image")
class ImageType:
    image: strawberry.Private[object]
    id: strawberry.ID
    title: str
    alt: str = strawberry.field(description="Text for people who cannot see the image.")
    credit: str = strawberry.field(
        description="Photographer or owner, to show beside the image."
    )
    width: int = strawberry.field(description="Width of the original, in pixels.")
    height: int = strawberry.field(description="Height of the original, in pixels.")

    @classmethod
    def of(cls, image, alt_text=None) -> "ImageType":
        """The image's fields read once, as plain values (no resolver per field)."""
        return cls(
            image=image,
            id=strawberry.ID(str(image.pk)),
            title=image.title,
            alt=alt_text or getattr(image, "default_alt_text", None) or "",
            credit=getattr(image, "credit", "") or "",
            width=image.width,
            height=image.height,
        )

    @strawberry.field(description="Address of the original file.")
    def url(self, info: strawberry.Info) -> str:
        image = self.image
        url = image.file_url if isinstance(image, PreparedImage) else image.file.url
        return absolute(info, url)

    @strawberry.field(
        description="A resized copy; `filter` must be one of the allowed filters "
        "(see docs/api.md), e.g. fill-800x600 or width-800."
    )
    def rendition(self, info: strawberry.Info, filter: str) -> RenditionType:
        spec = allowed_filter(filter)
        url, width, height = rendition_of(with_rendition(info, self.image, spec), spec)
        return RenditionType(url=absolute(info, url), width=width, height=height)

    @strawberry.field(
        description="A srcset attribute value of width-N renditions; each size "
        "must be one of the allowed srcSet widths."
    )
    def src_set(self, info: strawberry.Info, sizes: list[int] | None = None) -> str:
        allowed = settings.GRAPHQL_SRCSET_WIDTHS
        sizes = allowed if sizes is None else sizes
        refused = [size for size in sizes if size not in allowed]
        if refused:
            raise ApiError(
                _("srcSet sizes must be among: %(allowed)s.")
                % {"allowed": ", ".join(str(size) for size in allowed)},
                ErrorCode.RENDITION_FILTER_NOT_ALLOWED,
            )
        candidates = {}
        for size in srcset_sizes(self.image.width, sizes):
            spec = f"width-{size}"
            url, width, _height = rendition_of(
                with_rendition(info, self.image, spec), spec
            )
            candidates.setdefault(width, url)
        return ", ".join(
            f"{absolute(info, url)} {width}w" for width, url in candidates.items()
        )


def document_url(root: "DocumentType", info: strawberry.Info) -> str:
    return absolute(info, root.document.url)


@strawberry.type(name="Document", description="A downloadable file.")
class DocumentType:
    """A document's fields read once, as plain values (no resolver per field)."""

    document: strawberry.Private[object]
    id: strawberry.ID
    title: str
    url: str = strawberry.field(resolver=document_url)
    file_size: int | None = strawberry.field(description="Size in bytes.")
    file_type: str = strawberry.field(description="File extension, e.g. pdf.")

    @classmethod
    def of(cls, document) -> "DocumentType":
        return cls(
            document=document,
            id=strawberry.ID(str(document.pk)),
            title=document.title,
            file_size=document.file_size,
            file_type=document.file_extension.lower(),
        )


def image_or_none(image, alt=None) -> ImageType | None:
    return ImageType.of(image, alt) if image is not None else None


def document_or_none(document) -> DocumentType | None:
    return DocumentType.of(document) if document is not None else None
