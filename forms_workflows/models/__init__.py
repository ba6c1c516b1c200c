from .adhesion import CharterAdhesion
from .form_page import AdhesionFormPage
from .notification import Notification
from .reference import ReferenceCounter
from .status_log import StatusChange

__all__ = [
    "AdhesionFormPage",
    "CharterAdhesion",
    "Notification",
    "ReferenceCounter",
    "StatusChange",
]
