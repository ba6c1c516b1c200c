"""Editor-built forms, a third kind of application (app label `editor_forms`).

Editors build an `EditorFormPage` in the Wagtail admin (a StreamField of
field blocks, steps and conditions; a privacy notice and a retention period;
opening and closing dates) and choose its behaviour: a registration for an
`EventPage` or a `TrainingPage` session (places, waiting list), a survey
(optionally anonymous, optionally through personal links) or a sign-up
(double opt-in). Each answer is a `FormSubmission` (an `Application`) moved by
the core's workflow service. The page is translated with wagtail-localize
(labels translated, names and limits kept) and its copies in every language
are one form: they share the page's `translation_key` (`form_key`), and so
their places and answers.

The service interface (`forms_workflows.editor_forms.services`), for the
hosted pages and the API. The listing functions are in
`services.listing` (import the module: the form page serves itself through
the services, and listing imports the page's model); everything else is
importable from `services`:

Reading (services.listing, then services)
    network_forms(site, locale=None) -> QuerySet[EditorFormPage]
        The network's public form pages (a wagtail `Site`), in `locale` (a
        wagtail `Locale`) if given.
    open_forms(site, locale=None, now=None) -> list[EditorFormPage]
        Those that take answers now (`page.closed_reason(now) is None`).
    find_form(site, slug, locale=None) -> EditorFormPage | None
    definition_of(page, now=None) -> definition.Definition
        The data of the API's `FormDefinition` (as `adhesionForm`), extended:
        `behaviour` ("registration" | "survey" | "signup"), `steps`
        (StepSpec: key, label, condition), `fields` (FieldSpec: name, kind,
        label, help_text, required, step, condition, max_length, min_value,
        max_value, earliest, latest, choices [Choice(value, label)],
        max_items, file_types, max_file_size in bytes), `privacy_notice`,
        `retention_days`, `opens_at`, `closes_at` (the closing date, or the
        event's start if sooner), `places`, `places_left` (None: unlimited),
        `waiting_list`, `event` (EventSpec: title, start, end, place,
        address, url), `anonymous`, `invitation_only`, `consent_version`,
        `extra["form_token_min_seconds"]`.
        Field kinds (FormFieldKind values): text, long_text, email, phone,
        integer, date, choice, multiple_choice, boolean (yes/no), file,
        consent (a box that must be ticked). A condition is
        `Condition(field, value)`: shown only when the earlier field `field`
        was answered `value` (a choice's value, or "yes"/"no").
    page.closed_reason(now=None) -> None | "FORM_NOT_YET_OPEN" | "FORM_CLOSED"
        | "EVENT_STARTED"; a full registration with a waiting list is open.
    places.places_left(page) -> int | None (for the event page and the API).
    listing.registrations_for(event_page) -> [(EditorFormPage, places left or None)]
        The public registrations for an event or a training, in the event
        page's language (the event page's "places left").
    retention.periods_of(site=None) -> [(form title, days)]
        For the network's privacy policy page.

Validating
    validate_answers(definition, answers, files=None) -> (cleaned, [FieldError])
        `answers`: {field name: str, or [str] for a multiple choice}; yes/no
        and consent as "true"/"false" (also "on", "yes", "1"); a date as
        YYYY-MM-DD. `files`: {field name: UploadedFile}. Conditions are
        checked on the server: the answer to a field hidden by an earlier
        answer is dropped (never stored, never required); a name the form
        does not have is refused (UNKNOWN_FIELD).

Submitting
    submit(page, answers, *, files=None, form_token=None, honeypot="",
           idempotency_key=None, invitation=None, ip="", caller=None) -> Result
        The core's guards (form token from `guards.issue_form_token()`,
        timing, honeypot, rate limit per address or API key through
        `caller=guards.Caller(...)`, idempotency), the answers, then the
        submission in one transaction. `Result.status` is "CONFIRMED" (a
        registration with a place), "WAITLISTED" (full: on the waiting
        list), "PENDING_CONFIRMATION" (a sign-up, until the e-mailed link is
        followed) or "RECEIVED" (a survey); `Result.status_token` the secret of the status
        link (`/applications/<token>/`); `Result.submission.reference`;
        `Result.errors` a list of `forms_workflows.forms.FieldError(field,
        code, message)`: `field` the field's name as the form names it (None
        for the form as a whole), `code` one of `ERROR_CODES`:
          fields: REQUIRED, INVALID, INVALID_CHOICE, MAX_LENGTH, TOO_MANY,
                  TOO_SMALL, TOO_LARGE, TOO_EARLY, TOO_LATE, UNKNOWN_FIELD,
                  FILE_TYPE_NOT_ALLOWED, FILE_TOO_LARGE;
          form:   FORM_NOT_YET_OPEN, FORM_CLOSED, EVENT_STARTED, EVENT_FULL
                  (full, no waiting list), ALREADY_REGISTERED,
                  INVITATION_REQUIRED, INVITATION_USED;
          guards: guards.GuardCode (SPAM_SUSPECTED, FORM_TOKEN_INVALID,
                  FORM_TOKEN_USED, FORM_TOO_FAST, FORM_EXPIRED, RATE_LIMITED,
                  TRY_AGAIN_LATER, IDEMPOTENCY_KEY_REUSED).
        `Result.rate_limited` for an HTTP 429. A retry with the same key and
        answers returns the first result (`created` False).
        An anonymous survey stores no address, name, IP nor user agent, and
        keeps its idempotency key in the cache only.

With the secret token (the status link, `/applications/<token>/`, serves the
page where the person does these; `/forms/unsubscribe/<token>/` takes the
mail client's one-click POST):
    cancel(token) -> Result            a registration, confirmed or waiting:
                                       the freed place goes to the first
                                       person waiting, who is told.
    confirm_signup(token) -> Result    double opt-in: only then CONFIRMED.
    unsubscribe(token) -> Result
    find_submission(token) -> FormSubmission | None
        Their codes: UNKNOWN_TOKEN, INVALID_TRANSITION, CONFIRMATION_EXPIRED.

Results and exports (staff): see `results.py` and `review.py`.
"""
