"""The event of a registration as an iCalendar file, attached to its e-mails."""

from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, Event

ICS_NAME = "event.ics"
ICS_TYPE = "text/calendar"


def event_ics(submission):
    """The .ics of `submission`'s event, or None when it has no dates."""
    event = submission.event
    if event is None or event.start is None:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Reseaux EcoQuartiers//forms//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = Event()
    # One event per registration: the same UID in every e-mail about it, so a
    # calendar updates it instead of adding it twice.
    host = settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0] or "localhost"
    entry.add("uid", f"{submission.reference}@{host}")
    entry.add("dtstamp", submission.created_at)
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end or event.start + timedelta(hours=2))
    entry.add("summary", event.title)
    location = ", ".join(
        part for part in (event.place, event.address.replace("\n", ", ")) if part
    )
    if location:
        entry.add("location", location)
    if event.url:
        entry.add("url", event.url)
    calendar.add_component(entry)
    return calendar.to_ical()
