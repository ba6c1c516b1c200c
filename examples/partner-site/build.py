"""Build one network's pages, in French and English, as static HTML from the API.

    python build.py --api http://127.0.0.1:8000/graphql/ --site club --out out

Every page listed by `sitemap` is fetched with the typed client and written to
out/<path>/index.html (English under out/en/). Without --api, the CMS_API_URL
environment variable says where the API is (default: port 8000).
"""

import argparse
import sys
from pathlib import Path

from cms_api import API_HELP, UNREACHABLE, default_api, unreachable_message
from partner_client import Client
from render import href, page_html


def sitemap_entries(client, site, locale):
    entries, offset = [], 0
    while True:
        result = client.sitemap(site=site, locale=locale, offset=offset).sitemap
        entries += result.items
        offset += len(result.items)
        if not result.items or offset >= result.total_count:
            return entries


def build(api, site, out, locales=("fr", "en")):
    out = Path(out)
    written = []
    with Client(url=api) as client:
        for locale in locales:
            for entry in sitemap_entries(client, site, locale):
                page = client.page_by_id(site=site, id=entry.id, locale=locale).page
                if page is None:
                    continue
                target = out / href(locale, entry.url_path).strip("/") / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page_html(page), encoding="utf-8")
                written.append(target)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default=default_api(), help=API_HELP)
    parser.add_argument("--site", default="club")
    parser.add_argument("--out", default="out")
    args = parser.parse_args()
    try:
        written = build(args.api, args.site, args.out)
    except UNREACHABLE:
        sys.exit(unreachable_message(args.api))
    print(f"{len(written)} pages written to {args.out}/")


if __name__ == "__main__":
    main()
