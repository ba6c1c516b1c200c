from .adhesion import CharterAdhesion
from .form_page import AdhesionFormPage

__all__ = ["AdhesionFormPage", "CharterAdhesion"]
