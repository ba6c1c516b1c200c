"""Human references (ADH-2026-0001, PRJ-2026-0001) handed out once each.

Reading the highest reference and adding one gives the same number to every
application sent at the same moment, on one server or several; under load the
losers ran out of retries. A counter row per prefix, incremented by an UPDATE,
is locked until the application's transaction ends: the next caller waits for
it and then takes the next number, in any process.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import F


class ReferenceCounter(models.Model):
    prefix = models.CharField(max_length=20, primary_key=True)
    last = models.PositiveIntegerField()

    class Meta:
        app_label = "forms_workflows"

    def __str__(self):
        return f"{self.prefix}{self.last:04d}"


def take_reference(prefix, model):
    """The next reference of `prefix` for `model`, taken in the caller's transaction."""
    counters = ReferenceCounter.objects.filter(prefix=prefix)
    with transaction.atomic():
        if not counters.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    # The first of the prefix starts after any reference made
                    # before the counter existed.
                    ReferenceCounter.objects.create(
                        prefix=prefix, last=_highest(prefix, model) + 1
                    )
            except IntegrityError:  # another application created it meanwhile
                counters.update(last=F("last") + 1)
        number = counters.values_list("last", flat=True).get()
    return f"{prefix}{number:04d}"


def _highest(prefix, model):
    last = (
        model.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    return int(last.rsplit("-", 1)[1]) if last else 0
