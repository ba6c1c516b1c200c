"""What left a network's public view since a date: the other half of a sync.

A partner keeps a copy of the lists with `updatedSince` (what changed) and
`deletions` (what to delete): ids and GraphQL type names, the same a list
gave, from the record `pages.removals` writes in the transaction of each
change. Ordered by time, then by the record's id; paged by a cursor that
carries both, so a page never skips nor repeats a removal.
"""

import base64
import binascii
import datetime
from typing import Annotated

import strawberry
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from strawberry.relay import PageInfo
from wagtail.documents import get_document_model
from wagtail.models import Page

from forms_workflows.proposals.models import LabelAward
from graphql_api.content.charter import OrganisationType, SignatoryType
from graphql_api.content.images import DocumentType
from graphql_api.content.labelled_projects import LabelledProjectType
from graphql_api.content.page_types import TYPE_BY_MODEL, GenericPageType
from graphql_api.content.referentiel import RegionType
from graphql_api.content.sites import resolve_site
from graphql_api.core.errors import ApiError, ErrorCode
from graphql_api.core.limits import check_pagination
from pages import removals
from pages.models import PublicRemoval, RemovalReason

DEFAULT_DELETIONS_LIMIT = 100

DeletionReason = strawberry.enum(
    RemovalReason,
    name="DeletionReason",
    description="Why an item left the public view.",
)


def type_name(cls) -> str:
    return cls.__strawberry_definition__.name


def row_type_names() -> dict[str, str]:
    """GraphQL type names of the rows partners list by id, other than pages."""
    return {
        "pages.Signatory": type_name(SignatoryType),
        "pages.Organisation": type_name(OrganisationType),
        "pages.Region": type_name(RegionType),
        get_document_model()._meta.label: type_name(DocumentType),
        LabelAward._meta.label: type_name(LabelledProjectType),
    }


def graphql_type_name(label: str) -> str:
    """The `__typename` a list gave for a row of model `label`."""
    if label in TYPE_BY_MODEL:
        return type_name(TYPE_BY_MODEL[label])
    known = row_type_names()
    if label in known:
        return known[label]
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if model is not None and issubclass(model, Page):
        return type_name(GenericPageType)
    return label.rsplit(".", 1)[-1]


@strawberry.type(
    name="Deletion",
    description="An item that left the public view: delete it from your copy.",
)
class DeletionType:
    id: strawberry.ID = strawberry.field(
        description="The item's id, as its list gave it."
    )
    typename: str = strawberry.field(
        description="The item's GraphQL type (`__typename`), as its list gave it."
    )
    deleted_at: datetime.datetime = strawberry.field(
        description="When it left the public view."
    )
    reason: DeletionReason


@strawberry.type(
    name="DeletionList",
    description="Removals in time order; `pageInfo.endCursor` continues after them.",
)
class DeletionList:
    items: list[DeletionType]
    page_info: PageInfo


def cursor_of(removal: PublicRemoval) -> str:
    raw = f"{removal.removed_at.isoformat()}|{removal.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def position(cursor: str) -> tuple[datetime.datetime, int]:
    """The (time, id) a cursor stands for; a refusal if it is none of ours."""
    try:
        at, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return datetime.datetime.fromisoformat(at), int(pk)
    except (binascii.Error, UnicodeError, ValueError):
        raise ApiError(
            _("This cursor was not given by `deletions`."),
            ErrorCode.INVALID_CURSOR,
            argument="after",
        ) from None


def check_since(since: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(since):
        since = timezone.make_aware(since, datetime.UTC)
    kept_since = removals.kept_since()
    if since < kept_since:
        raise ApiError(
            _(
                "Removals are kept %(days)d days: read every list again in full, "
                "then ask for the removals since that read."
            )
            % {"days": removals.retention().days},
            ErrorCode.RESYNC_REQUIRED,
            argument="since",
            keptSince=kept_since.isoformat(),
        )
    return since


def list_deletions(info, site, since, after, first) -> DeletionList:
    check_pagination(first, 0)
    network = resolve_site(info, site)
    since = check_since(since)
    queryset = PublicRemoval.objects.filter(
        Q(site_id=network.id) | Q(site__isnull=True), removed_at__gte=since
    )
    if after is not None:
        at, pk = position(after)
        queryset = queryset.filter(Q(removed_at__gt=at) | Q(removed_at=at, pk__gt=pk))
    rows = list(queryset.order_by("removed_at", "pk")[: first + 1])
    page = rows[:first]
    return DeletionList(
        items=[
            DeletionType(
                id=strawberry.ID(str(row.object_id)),
                typename=graphql_type_name(row.model),
                deleted_at=row.removed_at,
                reason=RemovalReason(row.reason),
            )
            for row in page
        ],
        page_info=PageInfo(
            has_next_page=len(rows) > first,
            has_previous_page=after is not None,
            start_cursor=cursor_of(page[0]) if page else None,
            end_cursor=cursor_of(page[-1]) if page else after,
        ),
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="What left a network's public view since a date (unpublished, "
        "expired, made private, deleted, withdrawn), oldest first: the ids and "
        "types to delete from a copy kept with `updatedSince`. Kept "
        "PUBLIC_REMOVALS_RETENTION_DAYS days (90 by default); an older `since` "
        "is refused with RESYNC_REQUIRED."
    )
    def deletions(
        self,
        info: strawberry.Info,
        since: datetime.datetime,
        site: str | None = None,
        first: int = DEFAULT_DELETIONS_LIMIT,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="The `endCursor` of the previous page; none for the first."
            ),
        ] = None,
    ) -> DeletionList:
        return list_deletions(info, site, since, after, first)
