"""Signatories and organisations of a list read as rows, not model instances.

A list of a hundred signatories built a hundred signatories and a hundred
regions through the ORM (each instance's signals and descriptors) and turned
each collaboration plan into a StreamValue, for types that only read
attributes. Their types (strawberry-django's, unchanged) read the same
attributes from a row: the columns the API serves, the region's, the plan as
stored and the ordering's values for the cursors.
"""

from django.db.models import ExpressionWrapper, F, JSONField

from graphql_api.content.images import IMAGE_COLUMNS, ImageRow
from pages.models import Signatory

REGION_COLUMNS = (
    "id",
    "name",
    "code",
    "contact_name",
    "contact_email",
    "contact_url",
    "locale_id",
)
COLUMNS = ("id", "name", "kind", "logo_id", "region_id", "locale_id")
SIGNATORY_COLUMNS = (*COLUMNS, "website", "signed_on")
ORGANISATION_COLUMNS = (*COLUMNS, "url")
# The plan as stored (JSON), without the StreamField's conversion.
PLAN = "plan_as_stored"


class Row:
    """An item of a list: the attributes its GraphQL type reads."""

    def __init__(self, attributes: dict):
        self.__dict__.update(attributes)
        self.pk = attributes["id"]


def region_of(values, regions: dict):
    """The region of a row (one per region in a list), or None."""
    if values[0] is None:
        return None
    region = regions.get(values[0])
    if region is None:
        region = regions[values[0]] = Row(
            dict(zip(REGION_COLUMNS, values, strict=True))
        )
    return region


class Rows:
    """How to read a list of `model` ordered by `keys` (cursors.Key) as rows."""

    def __init__(self, model, keys: int):
        signatory = model is Signatory
        self.own = SIGNATORY_COLUMNS if signatory else ORGANISATION_COLUMNS
        self.plan = signatory
        self.cursor_keys = tuple(f"cursor_key_{i}" for i in range(keys))
        # The logos of the rows read, by id (joined: no query of their own).
        self.logos: dict[int, ImageRow] = {}

    def select(self, queryset):
        """The queryset answering tuples: own columns, region, plan, cursor keys."""
        extra = {}
        if self.plan:
            plan = ExpressionWrapper(F("collaboration_plan"), output_field=JSONField())
            extra[PLAN] = plan
        queryset = queryset.annotate(**extra) if extra else queryset
        return queryset.values_list(
            *self.own,
            *(f"region__{column}" for column in REGION_COLUMNS),
            *(f"logo__{column}" for column in IMAGE_COLUMNS),
            *extra,
            *self.cursor_keys,
        )

    def build(self, tuples) -> list[Row]:
        own = self.own
        mine = len(own)
        regions_end = mine + len(REGION_COLUMNS)
        logos_end = regions_end + len(IMAGE_COLUMNS)
        tail = ((PLAN,) if self.plan else ()) + self.cursor_keys
        regions: dict = {}
        logos = self.logos
        rows = []
        for values in tuples:
            attributes = dict(zip(own, values[:mine], strict=True))
            attributes["region"] = region_of(values[mine:regions_end], regions)
            logo_id = values[regions_end]
            if logo_id is not None and logo_id not in logos:
                logos[logo_id] = ImageRow(values[regions_end:logos_end])
            attributes.update(zip(tail, values[logos_end:], strict=True))
            if self.plan:
                attributes["collaboration_plan"] = attributes.pop(PLAN)
            rows.append(Row(attributes))
        return rows

    def fetch(self, queryset, start: int, stop: int) -> list[Row]:
        return self.build(self.select(queryset)[start:stop])


__all__ = ["Row", "Rows"]
