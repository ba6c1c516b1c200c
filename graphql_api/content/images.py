"""Images (with renditions from an allow-list) and documents."""

from functools import lru_cache

import strawberry
from django.conf import settings
from django.utils.translation import gettext as _

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


@lru_cache(maxsize=4096)
def _rendition(image, file_name, focal_point, spec):
    rendition = image.get_rendition(spec)
    return rendition.url, rendition.width, rendition.height


def rendition_of(image, spec):
    """Return `(url, width, height)` of a rendition, remembered by the process.

    Wagtail looks a rendition up (and computes its cache key) on every call; a
    rendition never changes for the same file, focal point and filter, which are
    all part of the key here, so a replaced file or moved focal point is new.
    """
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
        return absolute(info, self.image.file.url)

    @strawberry.field(
        description="A resized copy; `filter` must be one of the allowed filters "
        "(see docs/api.md), e.g. fill-800x600 or width-800."
    )
    def rendition(self, info: strawberry.Info, filter: str) -> RenditionType:
        url, width, height = rendition_of(self.image, allowed_filter(filter))
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
        # A width-N rendition is never wider than the original: every size
        # from the original's width up gives the same image, listed once.
        wanted = sorted(set(sizes))
        wider = [size for size in wanted if size >= self.image.width]
        wanted = [size for size in wanted if size < self.image.width] + wider[:1]
        candidates = {}
        for size in wanted:
            url, width, _height = rendition_of(self.image, f"width-{size}")
            candidates.setdefault(width, url)
        return ", ".join(
            f"{absolute(info, url)} {width}w" for width, url in candidates.items()
        )


@strawberry.type(name="Document", description="A downloadable file.")
class DocumentType:
    document: strawberry.Private[object]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.document.pk))

    @strawberry.field
    def title(self) -> str:
        return self.document.title

    @strawberry.field
    def url(self, info: strawberry.Info) -> str:
        return absolute(info, self.document.url)

    @strawberry.field(description="Size in bytes.")
    def file_size(self) -> int | None:
        return self.document.file_size

    @strawberry.field(description="File extension, e.g. pdf.")
    def file_type(self) -> str:
        return self.document.file_extension.lower()


def image_or_none(image, alt=None) -> ImageType | None:
    return ImageType.of(image, alt) if image is not None else None


def document_or_none(document) -> DocumentType | None:
    return DocumentType(document=document) if document is not None else None
