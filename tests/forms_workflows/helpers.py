"""Send one applicant's data through either path, as a browser or a partner would."""

import re

from forms_workflows import guards
from forms_workflows.forms import camel

SUBMIT = """
mutation Submit($input: CharterAdhesionInput!) {
  submitCharterAdhesion(input: $input) {
    adhesion { reference status }
    errors { field code message }
  }
}
"""

PROPOSED = ["Partager nos réseaux", "Se former ensemble"]
ERROR_ITEM = re.compile(r'data-field="([^"]*)" data-code="([^"]*)"')


def post_data(data, idempotency_key="key-1"):
    """The POST body the hosted form sends for `data`."""
    body = {
        key: value
        for key, value in data.items()
        if key not in ("collaboration_plan", "consent", "language")
    }
    if data.get("consent"):
        body["consent"] = "on"
    own = 0
    for category in data.get("collaboration_plan", []):
        actions = "\n".join(category["actions"])
        if category["title"] in PROPOSED:
            index = PROPOSED.index(category["title"])
            body[f"plan_{index}_selected"] = "on"
            body[f"plan_{index}_actions"] = actions
        else:
            body[f"own_{own}_title"] = category["title"]
            body[f"own_{own}_actions"] = actions
            own += 1
    body["idempotency_key"] = idempotency_key
    return body


def api_input(data, **extra):
    """The mutation input a partner sends for `data`."""
    result = {}
    for key, value in data.items():
        if key == guards.HONEYPOT_FIELD:
            result["honeypot"] = value
        else:
            result[camel(key)] = value
    result.update(extra)
    return result


def hosted_errors(response):
    """(field, code) pairs of the error summary at the top of the hosted form."""
    html = response.content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return sorted((field or None, code) for field, code in ERROR_ITEM.findall(summary))


def api_errors(payload):
    return sorted((e["field"], e["code"]) for e in payload["errors"])
