"""What staff read of a form's answers: a summary per question, and the answers as a table.

Answers given in every language of the form count together (its
`form_key`); the labels are the page's the staff member reads. Cancelled
registrations, unconfirmed and unsubscribed sign-ups are left out: they are
not answers any more.
"""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from forms_workflows.editor_forms.models import FormSubmission
from forms_workflows.editor_forms.states import SubmissionStatus as S
from forms_workflows.exports import language_name, local_time

COUNTED_STATES = (S.RECEIVED, S.CONFIRMED, S.WAITLISTED, S.ANONYMISED)
CHOICE_KINDS = ("choice", "multiple_choice", "boolean", "consent")
# The latest text answers shown on the results page; the export has them all.
MAX_TEXTS = 200


@dataclass
class Count:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    name: str
    label: str
    kind: str
    answered: int = 0
    counts: list[Count] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def counted(page):
    return FormSubmission.objects.filter(
        form_key=page.translation_key, status__in=COUNTED_STATES
    ).order_by("created_at", "pk")


def _options(spec):
    if spec.kind in ("boolean", "consent"):
        return [(True, _("yes")), (False, _("no"))]
    return [(choice.value, choice.label) for choice in spec.choices]


def summary(page):
    """(number of answers, [QuestionResult]) for `page`'s form."""
    rows = list(counted(page).values_list("answers", flat=True))
    results = []
    for spec in page.definition_fields():
        if spec.kind == "file":
            continue
        given = [answers[spec.name] for answers in rows if spec.name in answers]
        result = QuestionResult(spec.name, spec.label, spec.kind, answered=len(given))
        if spec.kind in CHOICE_KINDS:
            for value, label in _options(spec):
                if spec.kind == "multiple_choice":
                    count = sum(1 for answer in given if value in answer)
                else:
                    count = sum(1 for answer in given if answer == value)
                percent = round(100 * count / len(given)) if given else 0
                result.counts.append(Count(str(label), count, percent))
        else:
            result.texts = [str(answer) for answer in given[-MAX_TEXTS:]]
        results.append(result)
    return len(rows), results


def _cell(spec, value):
    if spec is None:
        return value if not isinstance(value, list) else ", ".join(map(str, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(spec.choice_label(v) for v in value)
    if spec.choices:
        return spec.choice_label(value)
    return value


def answers_table(page, queryset=None):
    """(header, rows) of every answer: identity first (if any), then one column a field."""
    specs = [spec for spec in page.definition_fields() if spec.kind != "file"]
    anonymous = page.behaviour == "survey" and page.anonymous
    header = [_("Reference"), _("Status"), _("Sent at"), _("Language")]
    if not anonymous:
        header += [_("Name"), _("E-mail")]
    header += [spec.label for spec in specs]
    rows = []
    for submission in queryset if queryset is not None else counted(page):
        row = [
            submission.reference,
            str(submission.get_status_display()),
            local_time(submission.created_at),
            language_name(submission.language),
        ]
        if not anonymous:
            row += [submission.contact_name, submission.contact_email]
        row += [_cell(spec, submission.answers.get(spec.name, "")) for spec in specs]
        rows.append(row)
    return header, rows


def confirmed_list(page):
    """(header, rows) of a sign-up's confirmed addresses, each once, oldest first."""
    seen, rows = set(), []
    submissions = FormSubmission.objects.filter(
        form_key=page.translation_key, status=S.CONFIRMED
    ).order_by("status_changed_at", "pk")
    for submission in submissions:
        if submission.contact_email in seen:
            continue
        seen.add(submission.contact_email)
        rows.append(
            [
                submission.contact_email,
                submission.contact_name,
                language_name(submission.language),
                local_time(submission.status_changed_at),
            ]
        )
    return [_("E-mail"), _("Name"), _("Language"), _("Confirmed at")], rows


def display_time(value):
    return formats.date_format(value, "DATETIME_FORMAT")
