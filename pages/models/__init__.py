from .charter import CharterPage
from .home import HomePage
from .images import CustomImage, CustomRendition
from .network import NetworkSettings
from .referentiel import Commitment, Dimension, Referentiel
from .snippets import Organisation, OrganisationKind, Region, Signatory

__all__ = [
    "CharterPage",
    "Commitment",
    "CustomImage",
    "CustomRendition",
    "Dimension",
    "HomePage",
    "NetworkSettings",
    "Organisation",
    "OrganisationKind",
    "Referentiel",
    "Region",
    "Signatory",
]
