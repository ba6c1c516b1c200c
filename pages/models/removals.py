"""What left the public view of a network, kept so partners can delete their copy.

A partner keeping a copy of a network's lists asks for what changed
(`updatedSince`) and for what went away (`deletions`). The second is this
record: one row per item and network, written in the same transaction as the
change that hid it, by every process (an editor's request, the worker, the
scheduled publishing). It holds the item's model, id and network, when and
why: never a title, a name or anything a person typed.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RemovalReason(models.TextChoices):
    UNPUBLISHED = "unpublished", _("unpublished")
    EXPIRED = "expired", _("past its expiry date")
    RESTRICTED = "restricted", _("made private")
    DELETED = "deleted", _("deleted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    MOVED_AWAY = "moved_away", _("moved to another network")


class PublicRemoval(models.Model):
    """An item (page, signatory, document…) that left a network's public view."""

    # None: an item no network owns (a region, a document), gone from every one.
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    model = models.CharField(_("model"), max_length=100)  # app_label.ModelName
    object_id = models.PositiveBigIntegerField(_("id"))
    reason = models.CharField(_("reason"), max_length=20, choices=RemovalReason)
    removed_at = models.DateTimeField(_("removed at"), default=timezone.now)

    class Meta:
        verbose_name = _("removal from the public view")
        verbose_name_plural = _("removals from the public view")
        indexes = [
            # a network's removals since a date, in (time, id) order: the keyset
            models.Index(fields=["removed_at", "id"], name="pages_removal_time"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} ({self.reason})"
