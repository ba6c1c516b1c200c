from .charter import CharterPage
from .content import ContentPage, NewsIndexPage, NewsPage, NewsPageTag
from .home import HomePage
from .images import CustomImage, CustomRendition
from .network import NetworkSettings
from .network_pages import MissionsPage, OrganisationPage
from .programme import (
    EventIndexPage,
    EventPage,
    EventStatus,
    LabelProgrammePage,
    TrainingIndexPage,
    TrainingPage,
)
from .referentiel import Commitment, Dimension, Referentiel
from .removals import PublicRemoval, RemovalReason
from .snippets import Organisation, OrganisationKind, Region, Signatory

__all__ = [
    "CharterPage",
    "Commitment",
    "ContentPage",
    "CustomImage",
    "CustomRendition",
    "Dimension",
    "EventIndexPage",
    "EventPage",
    "EventStatus",
    "HomePage",
    "LabelProgrammePage",
    "MissionsPage",
    "NetworkSettings",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "Organisation",
    "OrganisationKind",
    "OrganisationPage",
    "PublicRemoval",
    "Referentiel",
    "Region",
    "RemovalReason",
    "Signatory",
    "TrainingIndexPage",
    "TrainingPage",
]
