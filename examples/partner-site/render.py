"""HTML for the partner site's pages: small templates in plain Python."""

from html import escape

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
DEFAULT_LOCALE = "fr"


def href(locale, url_path):
    """The page's address on this site: French at the root, English under /en/."""
    prefix = "" if locale == DEFAULT_LOCALE else f"/{locale}"
    return prefix + url_path


def layout(title, locale, body, alternates=()):
    links = "".join(
        f'<link rel="alternate" hreflang="{escape(code)}" href="{escape(url)}">'
        for code, url in alternates
    )
    switch = "".join(
        f'<a href="{escape(url)}" lang="{escape(code)}">'
        f"{escape(LANGUAGE_NAMES.get(code, code))}</a> "
        for code, url in alternates
    )
    adhesion = "Adhérer à la charte" if locale == "fr" else "Sign the charter"
    events = "Agenda" if locale == "fr" else "Events"
    return (
        f'<!doctype html><html lang="{escape(locale)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>{links}"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "</head><body>"
        f'<header><nav><a href="{href(locale, "/")}">⌂</a> {switch}'
        f'<a href="{href(locale, "/events")}">{events}</a> '
        f'<a href="/adhesion?locale={escape(locale)}">{adhesion}</a></nav></header>'
        f"<main>{body}</main></body></html>"
    )


def page_html(page):
    """A page of any type: its title, then what its type holds."""
    parts = [f"<h1>{escape(page.title)}</h1>"]
    for name in ("introduction", "purpose", "preamble"):
        value = getattr(page, name, None)
        if value is not None and value.html:
            parts.append(f'<div class="{name}">{value.html}</div>')
    for mission in getattr(page, "missions", None) or ():
        parts.append(
            f'<section class="mission"><h2>{escape(mission.title)}</h2>'
            f"{mission.text.html}</section>"
        )
    missions = getattr(page, "mission_list", None)
    if missions:
        items = "".join(f"<li>{escape(mission)}</li>" for mission in missions)
        parts.append(f'<ul class="missions">{items}</ul>')
    if getattr(page, "start", None) is not None:
        parts.append(
            # DateTime is a custom scalar: the client keeps its ISO 8601 text.
            f'<p class="event"><time datetime="{escape(str(page.start))}">'
            f"{escape(str(page.start)[:16].replace('T', ' '))}</time> "
            f"{escape(page.place)} "
            f"({escape(page.event_status.value)})</p>"
        )
    signatories = getattr(page, "signatories", None)
    if signatories is not None:
        items = "".join(
            f"<li>{escape(item.name)} ({escape(item.organisation_type.value)})</li>"
            for item in signatories.items
        )
        parts.append(f'<ul class="signatories">{items}</ul>')
    alternates = [(page.locale, href(page.locale, page.url_path))] + [
        (t.locale, href(t.locale, t.url_path)) for t in page.translations
    ]
    return layout(page.title, page.locale, "".join(parts), alternates)
