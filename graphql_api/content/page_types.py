"""One GraphQL type per page model, each with its own fields."""

import datetime

import strawberry
from django.apps import apps
from django.db.models import prefetch_related_objects
from wagtail.fields import RichTextField, StreamField

from graphql_api.content.blocks import (
    Block,
    KeyFigure,
    RichText,
    as_datetime,
    as_int,
    as_time,
    build_stream,
    key_figure,
    list_items,
    raw_stream,
    rich_text,
)
from graphql_api.content.charter import (
    OrganisationType,
    PlanCategory,
    SignatoryList,
    list_signatories,
    plan_categories,
)
from graphql_api.content.choices import EventStatusEnum, deprecated_for
from graphql_api.content.loaders import loader
from graphql_api.content.page_interface import PageInterface, prepares_content
from graphql_api.content.page_urls import page_location
from graphql_api.content.pagination import DEFAULT_LIMIT
from graphql_api.content.prepared_bodies import prime
from graphql_api.content.referentiel import RegionType
from graphql_api.content.richtext import want_links
from graphql_api.content.sites import locale_code

TYPE_BY_MODEL: dict[str, type] = {}


def page_type(label: str, name: str):
    """Declare the GraphQL type of the page model `label` (app_label.ModelName)."""

    def register(cls):
        TYPE_BY_MODEL[label] = cls

        def is_type_of(obj, info, _label=label):
            return getattr(getattr(obj, "_meta", None), "label", None) == _label

        cls.is_type_of = staticmethod(is_type_of)
        return strawberry.type(cls, name=name)

    return register


def model_for_type_name(name: str):
    for label, cls in TYPE_BY_MODEL.items():
        if cls.__strawberry_definition__.name == name:
            return apps.get_model(label)
    return None


def region(info, obj) -> RegionType | None:
    return loader(info, "pages.Region").get(obj.region_id)


def scalar_stream(stream) -> list[str]:
    return [str(item.get("value") or "") for item in raw_stream(stream)]


@strawberry.type(name="Mission")
class Mission:
    number: int | None
    title: str
    text: RichText


@strawberry.type(name="AgendaItem")
class AgendaItem:
    time: datetime.time | None
    title: str
    speaker: str
    description: str


@strawberry.type(name="TrainingSession")
class TrainingSession:
    start: datetime.datetime | None
    end: datetime.datetime | None
    place: str
    address: str


@strawberry.type(name="LabelStage")
class LabelStage:
    number: int | None
    name: str
    summary: str
    criteria: list[str]


def values(stream) -> list[dict]:
    return [item.get("value") or {} for item in raw_stream(stream)]


@strawberry.type
class Introduced:
    @strawberry.field
    def introduction(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.introduction, page=self)


@strawberry.type
class WithBody:
    @strawberry.field(description="The page's blocks, each typed.")
    def body(self, info: strawberry.Info) -> list[Block]:
        return build_stream(info, self, "body")


@page_type("pages.HomePage", "HomePage")
class HomePageType(PageInterface, Introduced, WithBody):
    pass


@page_type("pages.ContentPage", "ContentPage")
class ContentPageType(PageInterface, Introduced, WithBody):
    pass


@page_type("pages.MissionsPage", "MissionsPage")
class MissionsPageType(PageInterface, Introduced):
    @strawberry.field
    def missions(self, info: strawberry.Info) -> list[Mission]:
        return [
            Mission(
                number=as_int(v.get("number")),
                title=v.get("title") or "",
                text=rich_text(info, v.get("text"), page=self),
            )
            for v in values(self.missions)
        ]


@page_type("pages.CharterPage", "CharterPage")
class CharterPageType(PageInterface):
    @strawberry.field
    def preamble(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.preamble, page=self)

    @strawberry.field
    def commitments(self, info: strawberry.Info) -> list[RichText]:
        return [
            rich_text(info, item.get("value"), page=self)
            for item in raw_stream(self.commitments)
        ]

    @strawberry.field
    def signature_clause(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.signature_clause, page=self)

    @strawberry.field(description="Categories proposed to applicants for their plan.")
    def plan_categories(self) -> list[PlanCategory]:
        return plan_categories(self.plan_categories)

    @strawberry.field(description="The active signatories of the charter's site.")
    def signatories(
        self,
        info: strawberry.Info,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> SignatoryList:
        location = page_location(info, self)
        if location is None:
            return SignatoryList(items=[], total_count=0)
        return list_signatories(
            info,
            site=location[0].key,
            locale=locale_code(info, self.locale_id),
            limit=limit,
            offset=offset,
        )


@page_type("pages.OrganisationPage", "OrganisationPage")
class OrganisationPageType(PageInterface):
    @strawberry.field
    def purpose(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.purpose, page=self)

    @strawberry.field
    def missions(self) -> list[str]:
        return scalar_stream(self.missions)

    @strawberry.field
    def steering(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.steering, page=self)

    @strawberry.field
    def partners(self, info: strawberry.Info) -> list[OrganisationType]:
        ids = [as_int(item.get("value")) for item in raw_stream(self.partners)]
        return loader(info, "pages.Organisation").get_many(ids)

    @strawberry.field
    def membership_figures(self) -> list[KeyFigure]:
        return [key_figure(v) for v in values(self.membership_figures)]

    @strawberry.field
    def regional_structure(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.regional_structure, page=self)

    @strawberry.field
    def regions(self, info: strawberry.Info) -> list[RegionType]:
        ids = [as_int(item.get("value")) for item in raw_stream(self.regions)]
        return loader(info, "pages.Region").get_many(ids)


@page_type("pages.EventIndexPage", "EventIndexPage")
class EventIndexPageType(PageInterface, Introduced):
    pass


@page_type("pages.EventPage", "EventPage")
class EventPageType(PageInterface, WithBody):
    start: datetime.datetime
    end: datetime.datetime
    place: str
    address: str
    registration_url: str

    @strawberry.field(
        description="scheduled, cancelled or past: a scheduled event that has "
        "ended reads past.",
        deprecation_reason=deprecated_for("eventStatus"),
    )
    def status(self) -> str:
        return self.current_status

    @strawberry.field
    def event_status(self) -> EventStatusEnum:
        return EventStatusEnum(self.current_status)

    @strawberry.field(name="region")
    def region_(self, info: strawberry.Info) -> RegionType | None:
        return region(info, self)

    @strawberry.field
    def agenda(self) -> list[AgendaItem]:
        return [
            AgendaItem(
                time=as_time(v.get("time")),
                title=v.get("title") or "",
                speaker=v.get("speaker") or "",
                description=v.get("description") or "",
            )
            for v in values(self.agenda)
        ]


@page_type("pages.TrainingIndexPage", "TrainingIndexPage")
class TrainingIndexPageType(PageInterface, Introduced):
    pass


@page_type("pages.TrainingPage", "TrainingPage")
class TrainingPageType(PageInterface, WithBody):
    topic: str
    audience: str

    @strawberry.field(name="region")
    def region_(self, info: strawberry.Info) -> RegionType | None:
        return region(info, self)

    @strawberry.field
    def sessions(self) -> list[TrainingSession]:
        return [
            TrainingSession(
                start=as_datetime(v.get("start")),
                end=as_datetime(v.get("end")),
                place=v.get("place") or "",
                address=v.get("address") or "",
            )
            for v in values(self.sessions)
        ]


@page_type("pages.LabelProgrammePage", "LabelProgrammePage")
class LabelProgrammePageType(PageInterface, Introduced, WithBody):
    @strawberry.field
    def stages(self) -> list[LabelStage]:
        return [
            LabelStage(
                number=as_int(v.get("number")),
                name=v.get("name") or "",
                summary=v.get("summary") or "",
                criteria=[str(c) for c in list_items(v.get("criteria"))],
            )
            for v in values(self.stages)
        ]

    @strawberry.field
    def pilot_criteria(self) -> list[str]:
        return scalar_stream(self.pilot_criteria)


@page_type("pages.NewsIndexPage", "NewsIndexPage")
class NewsIndexPageType(PageInterface, Introduced):
    pass


@page_type("pages.NewsPage", "NewsPage")
class NewsPageType(PageInterface, Introduced, WithBody):
    date: datetime.date

    @strawberry.field
    def tags(self) -> list[str]:
        names = getattr(self, "tag_names", None)  # a page from its read model
        if names is not None:
            return names
        return sorted(tag.name for tag in self.tags.all())


@strawberry.type(
    name="GenericPage", description="A page type with no fields of its own here."
)
class GenericPageType(PageInterface):
    @classmethod
    def is_type_of(cls, obj, info):
        label = getattr(getattr(obj, "_meta", None), "label", None)
        return label not in TYPE_BY_MODEL and hasattr(obj, "translation_key")


PAGE_TYPES = (*TYPE_BY_MODEL.values(), GenericPageType)


@prepares_content
def prepare_content(info, pages) -> None:
    """Build the blocks and want the objects that a list of pages refers to."""
    news = [
        p
        for p in pages
        if p._meta.label == "pages.NewsPage" and not hasattr(p, "tag_names")
    ]
    if news:
        prefetch_related_objects(news, "tags")
    prime(info, pages)
    for page in pages:
        for field in page._meta.get_fields():
            if isinstance(field, StreamField) and field.name == "body":
                build_stream(info, page, "body")
            elif isinstance(field, RichTextField):
                want_links(info, getattr(page, field.name))
        region_id = getattr(page, "region_id", None)
        if region_id is not None:
            loader(info, "pages.Region").want([region_id])
