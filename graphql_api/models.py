"""GraphQL documents the API knows by their hash, in the database so that every
app server shares them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PersistedDocument(models.Model):
    """A document sent once and then asked for by its SHA-256 (Apollo's protocol).

    `registered` documents were loaded by `manage.py register_documents`: they are
    the only ones anonymous callers may run when the API trusts registered
    documents only. Others were persisted by a client's first request.
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, primary_key=True)
    document = models.TextField(_("document"))
    registered = models.BooleanField(_("registered"), default=False)
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("persisted GraphQL document")
        verbose_name_plural = _("persisted GraphQL documents")

    def __str__(self):
        return self.sha256
