"""GraphQL documents the API knows by their hash, in the database so that every
app server shares them."""

from django.core.serializers.json import DjangoJSONEncoder
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


class PageReadModel(models.Model):
    """What a published page serves, prepared once: its own fields and its body.

    Read in the same query as the page's row instead of building the specific
    Wagtail page (a second query and a model with its StreamFields) on every
    request. The body comes resolved: the images (with their renditions),
    documents, linked pages and regions it refers to, and its rich text as
    HTML (graphql_api.content.prepared_bodies). Valid while the page's live
    revision is `revision_id` and `data` is set; a change to the page or to
    anything it refers to (Wagtail's reference index) empties `data` and
    renews `generation`, so a preparation that started before the change is
    never written (graphql_api.caching.read_model). The page's tree fields
    (path, URL, title, expiry) are always read live.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="api_read_model",
        verbose_name=_("page"),
    )
    revision_id = models.BigIntegerField(_("live revision"), null=True)
    data = models.JSONField(
        _("prepared fields"), encoder=DjangoJSONEncoder, null=True, blank=True
    )
    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    prepared_at = models.DateTimeField(_("prepared at"), auto_now=True)

    class Meta:
        verbose_name = _("page read model")
        verbose_name_plural = _("page read models")

    def __str__(self):
        return str(self.page_id)


class MissedEmptying(models.Model):
    """An emptying of the answer cache that the shared cache did not take.

    Kept in the database, which every process reads, until a retry
    (`caching.answers.retry_missed`) gives the networks their new generation;
    the HTTP caches are then purged again.
    """

    # The networks' ids; null: every network.
    sites = models.JSONField(_("networks"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("missed cache emptying")
        verbose_name_plural = _("missed cache emptyings")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.sites or 'all'}"
