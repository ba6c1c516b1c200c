"""Preview tokens: signed, expiring, each opening exactly one page revision."""

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision

from graphql_api.content.page_interface import parse_id, site_scope
from graphql_api.content.page_urls import relative_url_path
from graphql_api.core.errors import ApiError, ErrorCode

SALT = "graphql_api.content.preview"


def make_preview_token(revision) -> str:
    """Return a token that opens `revision` (of a page) until it expires."""
    return signing.dumps({"p": int(revision.object_id), "r": revision.pk}, salt=SALT)


def invalid():
    return ApiError(
        _("The preview token is not valid for this page."),
        ErrorCode.INVALID_PREVIEW_TOKEN,
    )


def read_preview_token(token: str) -> tuple[int, int]:
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.GRAPHQL_PREVIEW_TOKEN_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise ApiError(
            _("The preview token has expired; open the preview again from the admin."),
            ErrorCode.EXPIRED_PREVIEW_TOKEN,
        ) from exc
    except signing.BadSignature as exc:
        raise invalid() from exc
    try:
        return int(data["p"]), int(data["r"])
    except (KeyError, TypeError, ValueError) as exc:
        raise invalid() from exc


def preview_page(info, network, token, id=None, url_path=None):
    """Return the page revision the token opens, checked against site and page."""
    page_id, revision_id = read_preview_token(token)
    page = Page.objects.filter(pk=page_id).filter(site_scope(network)).first()
    revision = Revision.page_revisions.filter(
        pk=revision_id, object_id=str(page_id)
    ).first()
    if page is None or revision is None:
        raise invalid()
    if id is not None and parse_id(id) != page.pk:
        raise invalid()
    if url_path is not None:
        wanted = "/" + "/".join(part for part in url_path.split("/") if part)
        if wanted.rstrip("/") + "/" != relative_url_path(info, page).rstrip("/") + "/":
            raise invalid()
    # a preview is private: never cached by browsers or proxies
    if info.context is not None:
        info.context.private = True
    return revision.as_object()
