"""The partner site's server: the static pages, the adhesion form and previews.

    python server.py --api http://127.0.0.1:8000/graphql/ --site club --port 8100

/events (and /en/events) lists the network's events by region, a page at a
time (`events.py`: a filter and a cursor). /adhesion renders the form
`adhesionForm` describes and sends it through `submitCharterAdhesion`, showing
each error next to its field; /register/<slug> does the same for a
registration (or any form) the network's editors built, from `form(...)` and
`submitForm`. /preview
shows a draft the CMS editor opened with "Preview on partner site"; a link
without a valid token is refused (403). Without --api, the CMS_API_URL
environment variable says where the API is (default: port 8000).
"""

import argparse
import mimetypes
import sys
from html import escape
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server

from cms_api import API_HELP, UNREACHABLE, default_api, unreachable_message
from events import EVENTS_PATH, events_html
from partner_client import Client
from partner_client.exceptions import GraphQLClientError
from partner_client.input_types import CharterAdhesionInput, SubmitFormInput
from registration import TEXTS as FORM_TEXTS
from registration import answers_from, form_html, outcome_html
from render import layout, page_html

PLAN_ROWS = 3  # groups of the collaboration plan offered at once
TEXTS = {
    "fr": {"send": "Envoyer", "thanks": "Candidature reçue : {}.", "title": "Adhérer"},
    "en": {"send": "Send", "thanks": "Application received: {}.", "title": "Apply"},
}
PREVIEW_REFUSED = (
    "<h1>Preview unavailable</h1><p>This preview link is incomplete, invalid or "
    "expired. Open the draft again from the CMS's page editor "
    "(“Preview on partner site”).</p>"
)


def field_html(field, values, errors):
    name = field.name
    error = errors.get(name)
    described = f' aria-describedby="error-{name}"' if error else ""
    required = " required" if field.required else ""
    label = escape(field.label) + (" *" if field.required else "")
    value = values.get(name, "")
    kind = field.kind.value
    if kind == "GROUP_LIST":
        rows = []
        for i in range(PLAN_ROWS):
            title = escape(values.get(f"{name}.{i}.title", ""))
            actions = escape(values.get(f"{name}.{i}.actions", ""))
            rows.append(
                f'<fieldset><label for="{name}-{i}-title">{escape(field.fields[0].label)}'
                f' {i + 1}</label><input id="{name}-{i}-title" '
                f'name="{name}.{i}.title" value="{title}">'
                f'<label for="{name}-{i}-actions">{escape(field.fields[1].label)}'
                f' {i + 1}</label><textarea id="{name}-{i}-actions" '
                f'name="{name}.{i}.actions">{actions}</textarea></fieldset>'
            )
        control = f'<div id="{name}"{described}>{"".join(rows)}</div>'
    elif kind == "CHOICE":
        options = "".join(
            f'<option value="{escape(c.value)}"'
            f"{' selected' if c.value == value else ''}>{escape(c.label)}</option>"
            for c in field.choices
        )
        control = (
            f'<select id="{name}" name="{name}"{required}{described}>'
            f'<option value="">—</option>{options}</select>'
        )
    elif kind == "BOOLEAN":
        checked = " checked" if value else ""
        control = (
            f'<input type="checkbox" id="{name}" name="{name}"{checked}{described}>'
        )
    elif kind == "LONG_TEXT":
        control = (
            f'<textarea id="{name}" name="{name}"{required}{described}>'
            f"{escape(value)}</textarea>"
        )
    else:
        types = {"EMAIL": "email", "PHONE": "tel", "URL": "url"}
        maxlength = f' maxlength="{field.max_length}"' if field.max_length else ""
        control = (
            f'<input type="{types.get(kind, "text")}" id="{name}" name="{name}" '
            f'value="{escape(value)}"{maxlength}{required}{described}>'
        )
    message = (
        f'<p class="error" id="error-{name}" data-code="{escape(error[0])}">'
        f"{escape(error[1])}</p>"
        if error
        else ""
    )
    help_text = (
        f'<p class="help">{escape(field.help_text)}</p>' if field.help_text else ""
    )
    return (
        f'<div class="field" data-field="{name}"><label for="{name}">{label}</label>'
        f"{help_text}{control}{message}</div>"
    )


def input_from(form, definition):
    """The mutation's input from the posted form, by the fields described."""
    data = {}
    for field in definition.fields:
        name, kind = field.name, field.kind.value
        if kind == "GROUP_LIST":
            groups = []
            for i in range(PLAN_ROWS):
                title = form.get(f"{name}.{i}.title", "").strip()
                actions = form.get(f"{name}.{i}.actions", "").splitlines()
                if title or any(a.strip() for a in actions):
                    groups.append({"title": title, "actions": actions})
            data[name] = groups
        elif kind == "BOOLEAN":
            data[name] = bool(form.get(name))
        elif kind == "CHOICE" and not form.get(name):
            continue  # an empty choice is "not given": the server says REQUIRED
        else:
            data[name] = form.get(name, "")
    return data


class PartnerSite:
    def __init__(self, api, site, out, events_per_page=10):
        self.api, self.site, self.out = api, site, Path(out)
        self.events_per_page = events_per_page

    def __call__(self, environ, start_response):
        try:
            return self.route(environ, start_response)
        except UNREACHABLE:
            message = f"<h1>CMS unavailable</h1><p>{escape(unreachable_message(self.api))}</p>"
            return self.respond(start_response, message, "502 Bad Gateway")

    def route(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if path == "/adhesion":
            if environ["REQUEST_METHOD"] == "POST":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(size).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                return self.respond(start_response, self.submit(form))
            return self.respond(start_response, self.adhesion(query.get("locale")))
        if path in (EVENTS_PATH, f"/en{EVENTS_PATH}"):
            locale = "en" if path.startswith("/en/") else "fr"
            with Client(url=self.api, headers={"Accept-Language": locale}) as client:
                html = events_html(
                    client,
                    self.site,
                    locale,
                    region=query.get("region"),
                    after=query.get("after"),
                    per_page=self.events_per_page,
                )
            return self.respond(start_response, html)
        if path.startswith("/register/"):
            slug = path.removeprefix("/register/").strip("/")
            if environ["REQUEST_METHOD"] == "POST":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                posted = parse_qs(environ["wsgi.input"].read(size).decode())
                return self.respond(start_response, self.send_form(slug, posted))
            html = self.registration(slug, query.get("locale"))
            status = "200 OK" if html else "404 Not Found"
            return self.respond(start_response, html or "<h1>404</h1>", status)
        if path == "/preview":
            html = self.preview(query)
            if html is None:
                return self.respond(start_response, PREVIEW_REFUSED, "403 Forbidden")
            return self.respond(start_response, html)
        return self.static(path, start_response)

    def respond(self, start_response, html, status="200 OK"):
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [html.encode()]

    def static(self, path, start_response):
        target = (self.out / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.out.resolve()) or not target.is_file():
            return self.respond(start_response, "<h1>404</h1>", "404 Not Found")
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        start_response("200 OK", [("Content-Type", kind)])
        return [target.read_bytes()]

    def adhesion(self, locale, values=None, errors=None, token=None, general=()):
        locale = locale if locale in TEXTS else "fr"
        with Client(url=self.api) as client:
            result = client.adhesion_form(site=self.site, locale=locale)
        definition = result.adhesion_form
        fields = "".join(
            field_html(field, values or {}, errors or {}) for field in definition.fields
        )
        summary = "".join(
            f'<li data-code="{escape(code)}">{escape(message)}</li>'
            for code, message in general
        )
        body = (
            f"<h1>{TEXTS[locale]['title']}</h1>"
            + (f'<ul class="errors" role="alert">{summary}</ul>' if summary else "")
            + f'<p class="privacy">{escape(definition.privacy_notice)}</p>'
            '<form method="post" action="/adhesion" novalidate>'
            f'<input type="hidden" name="locale" value="{locale}">'
            f'<input type="hidden" name="formToken" '
            f'value="{escape(token or result.adhesion_form_token)}">'
            f"{fields}"
            f'<button type="submit">{TEXTS[locale]["send"]}</button></form>'
        )
        return layout(TEXTS[locale]["title"], locale, body)

    def submit(self, form):
        locale = form.get("locale") if form.get("locale") in TEXTS else "fr"
        # The API words its error messages in the language the request accepts.
        with Client(url=self.api, headers={"Accept-Language": locale}) as client:
            definition = client.adhesion_form(site=self.site, locale=locale)
            data = input_from(form, definition.adhesion_form)
            data.update(site=self.site, formToken=form.get("formToken", ""))
            payload = client.submit_charter_adhesion(
                input=CharterAdhesionInput.model_validate(data)
            ).submit_charter_adhesion
        if not payload.errors:
            message = TEXTS[locale]["thanks"].format(payload.adhesion.reference)
            return layout(
                TEXTS[locale]["title"],
                locale,
                f'<p class="confirmation" role="status">{escape(message)}</p>',
            )
        described = {field.name for field in definition.adhesion_form.fields}
        by_field = {
            e.field: (e.code.value, e.message)
            for e in payload.errors
            if e.field in described
        }
        general = [
            (e.code.value, e.message)
            for e in payload.errors
            if e.field not in described
        ]
        # The same token may be sent again once the form is corrected.
        return self.adhesion(
            locale, form, by_field, token=form.get("formToken"), general=general
        )

    def registration(self, slug, locale, values=None, errors=None, general=()):
        """The form `form(site, slug, locale)` describes, or None if there is none."""
        locale = locale if locale in FORM_TEXTS else "fr"
        with Client(url=self.api) as client:
            result = client.registration_form(site=self.site, slug=slug, locale=locale)
        if result.form is None:
            return None
        body = form_html(
            result.form, locale, result.form_token, values, errors, general
        )
        return layout(result.form.title or slug, locale, body)

    def send_form(self, slug, posted):
        locale = posted.get("locale", ["fr"])[0]
        locale = locale if locale in FORM_TEXTS else "fr"
        with Client(url=self.api, headers={"Accept-Language": locale}) as client:
            definition = client.registration_form(
                site=self.site, slug=slug, locale=locale
            ).form
            if definition is None:
                return layout("404", locale, f"<p>{FORM_TEXTS[locale]['missing']}</p>")
            payload = client.submit_form(
                input=SubmitFormInput.model_validate(
                    {
                        "site": self.site,
                        "form": slug,
                        "locale": locale,
                        "formToken": posted.get("formToken", [""])[0],
                        "answers": answers_from(posted, definition),
                    }
                )
            ).submit_form
        if not payload.errors:
            submission = payload.submission
            return layout(
                definition.title or slug,
                locale,
                outcome_html(locale, submission.status.value, submission.reference),
            )
        described = {field.name for field in definition.fields}
        by_field = {
            e.field: (e.code.value, e.message)
            for e in payload.errors
            if e.field in described
        }
        general = [
            (e.code.value, e.message)
            for e in payload.errors
            if e.field not in described
        ]
        values = {name: posted[name] for name in described if name in posted}
        html = self.registration(slug, locale, values, by_field, general)
        return html or layout("404", locale, f"<p>{FORM_TEXTS[locale]['missing']}</p>")

    def preview(self, query):
        """The draft's HTML, or None when the link carries no valid token."""
        if not (query.get("pageId") and query.get("previewToken")):
            return None
        try:
            with Client(url=self.api) as client:
                page = client.page_preview(
                    site=self.site,
                    id=query["pageId"],
                    preview_token=query["previewToken"],
                ).page
        except GraphQLClientError:
            return None
        return page_html(page) if page is not None else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default=default_api(), help=API_HELP)
    parser.add_argument("--site", default="club")
    parser.add_argument("--out", default="out")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--events-per-page", type=int, default=10)
    args = parser.parse_args()
    try:
        with Client(url=args.api) as client:
            client.sitemap(site=args.site, locale="fr", offset=0)
    except UNREACHABLE:
        sys.exit(unreachable_message(args.api))
    server = make_server(
        "127.0.0.1",
        args.port,
        PartnerSite(args.api, args.site, args.out, args.events_per_page),
    )
    # Said once it listens: whoever started it may connect from then on.
    print(f"The partner site: http://127.0.0.1:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
