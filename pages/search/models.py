from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Weight(models.IntegerChoices):
    """Where a term appears; the ranking counts a title above an introduction."""

    TITLE = 0, _("title")
    INTRODUCTION = 1, _("introduction")
    BODY = 2, _("body")


class IndexedTerm(models.Model):
    """One analysed term of an indexed object's text, in one language and field.

    One row per object, language, field and term, with the term's positions
    (for phrases) and a word as written (for "Showing results for …").
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=8)
    field = models.PositiveSmallIntegerField(choices=Weight.choices)
    term = models.CharField(max_length=64)
    word = models.CharField(max_length=64)
    positions = models.TextField()

    class Meta:
        verbose_name = _("indexed term")
        verbose_name_plural = _("indexed terms")
        indexes = [
            models.Index(
                fields=["content_type", "language", "term"], name="search_term_idx"
            ),
            models.Index(
                fields=["content_type", "object_id"], name="search_object_idx"
            ),
        ]

    def __str__(self):
        return f"{self.language}:{self.term}"
