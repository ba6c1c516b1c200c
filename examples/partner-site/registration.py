"""A network's registration form, rendered from `form(...)` alone and sent by `submitForm`.

Every field the editors added in the CMS comes with the definition: this page
knows no field by name. A field shown only after an earlier answer says so
next to its label; the CMS checks the conditions and drops what they hide.
"""

from html import escape

TEXTS = {
    "fr": {
        "send": "M'inscrire",
        "left": "Places restantes : {}",
        "waiting": "Plus de place : inscrivez-vous sur la liste d'attente.",
        "when": "Seulement si « {} » : {}",
        "yes": "Oui",
        "no": "Non",
        "CONFIRMED": "Inscription confirmée ({}). Un courriel vous le confirme.",
        "WAITLISTED": "Vous êtes sur la liste d'attente ({}).",
        "PENDING_CONFIRMATION": "Confirmez votre adresse avec le lien reçu ({}).",
        "RECEIVED": "Réponses reçues ({}).",
        "missing": "Ce formulaire n'existe pas.",
    },
    "en": {
        "send": "Register",
        "left": "Places left: {}",
        "waiting": "No place left: join the waiting list.",
        "when": "Only if “{}”: {}",
        "yes": "Yes",
        "no": "No",
        "CONFIRMED": "Registration confirmed ({}). An e-mail confirms it.",
        "WAITLISTED": "You are on the waiting list ({}).",
        "PENDING_CONFIRMATION": "Confirm your address with the link sent ({}).",
        "RECEIVED": "Answers received ({}).",
        "missing": "This form does not exist.",
    },
}
INPUT_TYPES = {"EMAIL": "email", "PHONE": "tel", "INTEGER": "number", "DATE": "date"}


def choice_inputs(field, kind, chosen, described, texts):
    name = field.name
    options = [(c.value, c.label) for c in field.choices]
    if kind == "BOOLEAN":
        options = [("true", texts["yes"]), ("false", texts["no"])]
    kind_attr = "checkbox" if kind == "MULTIPLE_CHOICE" else "radio"
    return "".join(
        f'<div><input type="{kind_attr}" id="{name}-{i}" name="{name}" '
        f'value="{escape(value)}"{" checked" if value in chosen else ""}{described}>'
        f' <label for="{name}-{i}">{escape(label)}</label></div>'
        for i, (value, label) in enumerate(options)
    )


def field_html(field, values, errors, labels, texts):
    name, kind = field.name, field.kind.value
    error = errors.get(name)
    described = f' aria-describedby="error-{name}"' if error else ""
    chosen = values.get(name, [])
    value = chosen[0] if chosen else ""
    label = escape(field.label) + (" *" if field.required else "")
    if field.condition:
        origin = labels.get(field.condition.field, field.condition.field)
        condition = texts["when"].format(origin, field.condition.value)
        label += f' <span class="condition">({escape(condition)})</span>'
    if kind in ("CHOICE", "MULTIPLE_CHOICE", "BOOLEAN"):
        control = (
            f'<fieldset id="{name}"><legend>{label}</legend>'
            f"{choice_inputs(field, kind, chosen, described, texts)}</fieldset>"
        )
        label_html = ""
    elif kind == "CONSENT":
        checked = " checked" if value else ""
        control = (
            f'<input type="checkbox" id="{name}" name="{name}" value="true"'
            f"{checked}{described}>"
        )
        label_html = f'<label for="{name}">{label}</label>'
    elif kind == "LONG_TEXT":
        control = (
            f'<textarea id="{name}" name="{name}"{described}>{escape(value)}</textarea>'
        )
        label_html = f'<label for="{name}">{label}</label>'
    else:
        maxlength = f' maxlength="{field.max_length}"' if field.max_length else ""
        control = (
            f'<input type="{INPUT_TYPES.get(kind, "text")}" id="{name}" '
            f'name="{name}" value="{escape(value)}"{maxlength}{described}>'
        )
        label_html = f'<label for="{name}">{label}</label>'
    help_text = (
        f'<p class="help">{escape(field.help_text)}</p>' if field.help_text else ""
    )
    message = (
        f'<p class="error" id="error-{name}" data-code="{escape(error[0])}">'
        f"{escape(error[1])}</p>"
        if error
        else ""
    )
    return (
        f'<div class="field" data-field="{name}">{label_html}{help_text}'
        f"{control}{message}</div>"
    )


def form_html(definition, locale, token, values=None, errors=None, general=()):
    texts = TEXTS[locale]
    labels = {field.name: field.label for field in definition.fields}
    fields = "".join(
        field_html(field, values or {}, errors or {}, labels, texts)
        for field in definition.fields
        if field.kind.value != "FILE"  # files: on the network's own site
    )
    event = definition.event
    places = ""
    if definition.places_left is not None:
        places = (
            texts["left"].format(definition.places_left)
            if definition.places_left
            else texts["waiting"]
        )
    summary = "".join(
        f'<li data-code="{escape(code)}">{escape(message)}</li>'
        for code, message in general
    )
    return (
        f"<h1>{escape(definition.title or '')}</h1>"
        + (
            f'<p class="event">{escape(event.title)} · {escape(event.place)}</p>'
            if event
            else ""
        )
        + (f'<p class="places" id="places">{escape(places)}</p>' if places else "")
        + (f'<ul class="errors" role="alert">{summary}</ul>' if summary else "")
        + f'<form method="post" action="/register/{escape(definition.slug or "")}" novalidate>'
        f'<input type="hidden" name="locale" value="{locale}">'
        f'<input type="hidden" name="formToken" value="{escape(token)}">'
        f"{fields}"
        f'<p class="privacy">{escape(definition.privacy_notice)}</p>'
        f'<button type="submit">{texts["send"]}</button></form>'
    )


def answers_from(posted, definition):
    """[{name, value}] of the posted form: one pair per value, for the fields described."""
    answers = []
    for field in definition.fields:
        for value in posted.get(field.name, []):
            if value != "":
                answers.append({"name": field.name, "value": value})
    return answers


def outcome_html(locale, status, reference):
    return (
        f'<p class="confirmation" role="status" data-status="{escape(status)}">'
        f"{escape(TEXTS[locale][status].format(reference))}</p>"
    )
