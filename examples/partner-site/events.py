"""The events page: the network's events filtered by region, a page at a time.

    /events?region=IDF            (French)     /en/events?region=IDF  (English)

It asks `eventsConnection` with a filter (`region.code`) and a cursor: the
"next page" link carries the `endCursor` of the page shown, so a page never
repeats nor skips an event when the CMS publishes one in between, as an
offset would.
"""

from html import escape
from urllib.parse import urlencode

from partner_client.input_types import EventFilter, RegionFilter, TextLookup
from render import href, layout

TEXTS = {
    "fr": {
        "title": "Agenda des rencontres",
        "region": "Région",
        "all": "Toutes les régions",
        "filter": "Filtrer",
        "count": "{} rencontre(s)",
        "none": "Aucune rencontre dans cette région.",
        "pages": "Pages de résultats",
        "next": "Page suivante",
        "first": "Première page",
    },
    "en": {
        "title": "Events",
        "region": "Region",
        "all": "All regions",
        "filter": "Filter",
        "count": "{} event(s)",
        "none": "No event in this region.",
        "pages": "Result pages",
        "next": "Next page",
        "first": "First page",
    },
}
EVENTS_PATH = "/events"


def events_address(locale, region=None, after=None):
    query = {
        key: value for key, value in (("region", region), ("after", after)) if value
    }
    return href(locale, EVENTS_PATH) + (f"?{urlencode(query)}" if query else "")


def region_filter(code):
    if not code:
        return None
    return EventFilter(region=RegionFilter(code=TextLookup(exact=code)))


def region_options(regions, chosen, text):
    options = [f'<option value="">{escape(text["all"])}</option>'] + [
        f'<option value="{escape(r.code)}"{" selected" if r.code == chosen else ""}>'
        f"{escape(r.name)}</option>"
        for r in regions
    ]
    return "".join(options)


def event_item(node, locale):
    start = str(node.start)  # DateTime is a custom scalar: its ISO 8601 text
    region = f" · {escape(node.region.name)}" if node.region else ""
    return (
        f'<li class="event"><a href="{escape(href(locale, node.url_path))}">'
        f"{escape(node.title)}</a> "
        f'<time datetime="{escape(start)}">{escape(start[:10])}</time> '
        f"{escape(node.place)}{region}</li>"
    )


def events_html(client, site, locale, region=None, after=None, per_page=10):
    text = TEXTS[locale]
    regions = client.regions(site=site, locale=locale).regions
    known = {r.code for r in regions}
    region = region if region in known else None
    connection = client.events_by_region(
        site=site,
        locale=locale,
        filters=region_filter(region),
        first=per_page,
        after=after,
    ).events_connection
    items = "".join(event_item(edge.node, locale) for edge in connection.edges)
    links = []
    if after:
        links.append(
            f'<a href="{escape(events_address(locale, region))}">{text["first"]}</a>'
        )
    if connection.page_info.has_next_page:
        following = events_address(locale, region, connection.page_info.end_cursor)
        links.append(f'<a rel="next" href="{escape(following)}">{text["next"]}</a>')
    body = (
        f"<h1>{text['title']}</h1>"
        f'<form method="get" action="{href(locale, EVENTS_PATH)}" role="search">'
        f'<label for="region">{text["region"]}</label> '
        f'<select id="region" name="region">'
        f"{region_options(regions, region, text)}</select> "
        f'<button type="submit">{text["filter"]}</button></form>'
        f'<p class="count" role="status">'
        f"{text['count'].format(connection.total_count)}</p>"
        + (f'<ul class="events">{items}</ul>' if items else f"<p>{text['none']}</p>")
        + (
            f'<nav class="pages" aria-label="{text["pages"]}">{" ".join(links)}</nav>'
            if links
            else ""
        )
    )
    alternates = [(code, events_address(code, region)) for code in TEXTS]
    return layout(text["title"], locale, body, alternates)
