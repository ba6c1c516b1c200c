"""The adhesion detail a reviewer reads: one time zone, no "None"."""

import datetime
import re

from django.utils.html import strip_tags

from forms_workflows.models import CharterAdhesion
from tests.fixtures.adhesions import make_adhesion

LISTING = "/admin/charter-adhesions/"
# 10:07 in UTC is 11:07 in Paris (winter time)
SUBMITTED = datetime.datetime(2026, 1, 15, 10, 7, tzinfo=datetime.UTC)


def test_the_detail_shows_every_time_in_paris_and_never_none(client, network, reviewer):
    adhesion = make_adhesion(network)
    CharterAdhesion.objects.filter(pk=adhesion.pk).update(
        created_at=SUBMITTED, consent_given_at=SUBMITTED
    )
    adhesion.status_changes.update(created_at=SUBMITTED)
    client.force_login(reviewer)

    html = client.get(f"{LISTING}inspect/{adhesion.pk}/").content.decode()
    text = strip_tags(html)

    assert "11:07" in text or "11 h 07" in text
    assert "10:07" not in text and "10 h 07" not in text
    assert not re.search(r"\bNone\b", text)
