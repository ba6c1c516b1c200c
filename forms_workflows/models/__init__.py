# Django reads an app's models here: the charter adhesion, a kind this app
# holds in a sub-package (forms_workflows.adhesions), keeps the app's label.
from forms_workflows.adhesions.models import AdhesionFormPage, CharterAdhesion

from .application import Application
from .notification import Notification
from .reference import ReferenceCounter
from .status_log import StatusChange

__all__ = [
    "AdhesionFormPage",
    "Application",
    "CharterAdhesion",
    "Notification",
    "ReferenceCounter",
    "StatusChange",
]
