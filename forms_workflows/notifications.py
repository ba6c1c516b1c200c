"""E-mails about applications: written down with the change, sent by a task.

`queue()` runs inside the transaction of a transition, so a notification
exists exactly when its change does; the task is enqueued on commit. If the
mail server fails, the row stays (status "failed", attempts counted), the
task is retried later (the database backend defers it; `manage.py
send_pending_notifications` catches the rest) and the admin shows it unsent.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.users.models import UserProfile

from forms_workflows.machine import Recipients, workflow_of
from forms_workflows.models.notification import Notification
from forms_workflows.networks import reviewer_users
from pages.models import NetworkSettings

logger = logging.getLogger(__name__)


def _setting(name, default):
    return getattr(settings, f"FORMS_WORKFLOWS_{name}", default)


def reviewer_emails(obj):
    """Addresses of the people who review `obj`'s network, and its contact address.

    A network's own reviewers, staff who review every network, the network's
    `NetworkSettings` contact address if set, and the extra addresses of the
    settings; never the reviewers of another network.
    """
    return sorted(
        email
        for emails in reviewer_emails_by_language(obj).values()
        for email in emails
    )


def reviewer_emails_by_language(obj):
    """{language: addresses} of `obj`'s reviewers, each in the language they chose.

    A reviewer who chose a language in their admin account gets it; the contact
    address, the settings' addresses and reviewers with no preference get the
    network's.
    """
    site_id = getattr(obj, "site_id", None)
    users = reviewer_users(type(obj), site_id).exclude(email="").distinct()
    network = reviewer_language(obj)
    by_language = {}
    rows = users.values_list("email", "wagtail_userprofile__preferred_language")
    for email, chosen in rows:
        by_language.setdefault(chosen or network, set()).add(email)
    contact = (
        NetworkSettings.objects.filter(site_id=site_id)
        .values_list("contact_email", flat=True)
        .first()
    )
    extra = ([contact] if contact else []) + list(_setting("REVIEWER_EMAILS", []))
    by_language.setdefault(network, set()).update(extra)
    return {language: sorted(emails) for language, emails in by_language.items()}


def reviewer_language(obj):
    """The language of `obj`'s network (its home page's), for its reviewers' e-mails."""
    site = getattr(obj, "site", None)
    if site is None:
        return settings.LANGUAGE_CODE
    return site.root_page.locale.language_code


_muted = threading.local()


@contextmanager
def muted():
    """Queue no e-mail inside this block (demo data, imports)."""
    _muted.active = True
    try:
        yield
    finally:
        _muted.active = False


def user_language(user, obj):
    """The language `user` chose in their admin account, else `obj`'s network's."""

    chosen = UserProfile.get_for_user(user).preferred_language
    return chosen or reviewer_language(obj)


def queue(obj, kind, change=None, to=None):
    """Record an e-mail owed about `obj` and send it once the transaction commits.

    Its recipients are those `obj`'s workflow declares for `kind` (`notices`);
    `to` is the staff user a `Recipients.STAFF` e-mail goes to.
    """
    if getattr(_muted, "active", False):
        return None
    notice = workflow_of(obj).notices.get(kind)
    recipients = notice.recipients if notice else None
    if recipients == Recipients.APPLICANT:
        return _queue_one(obj, kind, change, [obj.contact_email], obj.language)
    if recipients == Recipients.REVIEWERS:
        # One e-mail per language the reviewers chose: each reads it in theirs.
        queued = [
            _queue_one(obj, kind, change, recipients, language)
            for language, recipients in sorted(reviewer_emails_by_language(obj).items())
        ]
        return next((n for n in queued if n is not None), None)
    if recipients == Recipients.STAFF:
        recipients = [to.email] if to.email else []
        return _queue_one(obj, kind, change, recipients, user_language(to, obj))
    raise ValueError(f"unknown notification kind {kind!r}")


def _queue_one(obj, kind, change, recipients, language):
    if not recipients:
        return None
    notification = Notification.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        status_change=change,
        kind=kind,
        recipients=recipients,
        language=language,
    )
    transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def status_url(obj):
    """The applicant's secret link to the status page, in their language."""
    with translation.override(obj.language):
        path = reverse("forms_workflows:status", args=[obj.status_token])
    root = obj.site.root_url if getattr(obj, "site", None) else None
    return (root or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def admin_url(obj):
    path = reverse(
        f"{type(obj)._meta.app_label}_{type(obj)._meta.model_name}:inspect",
        args=[obj.pk],
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render_text(template_name, context):
    """Render a plain-text e-mail template without HTML escaping.

    The message is text, not HTML: "l'habitat" and "R&D" must reach the reader
    as typed, not as "l&#x27;habitat" and "R&amp;D".
    """
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def render(notification):
    obj = notification.content_object
    meta = type(obj)._meta
    context = {
        "application": obj,
        "change": notification.status_change,
        "status_url": status_url(obj),
        "admin_url": admin_url(obj),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(notification.language):
        if notification.status_change:
            context["status_label"] = obj.workflow.state_label(
                notification.status_change.to_status
            )
        base = f"{meta.app_label}/email/{meta.model_name}_{notification.kind}"
        subject = render_text(f"{base}_subject.txt", context)
        body = render_text(f"{base}.txt", context)
    return " ".join(subject.split()), body


def deliver(notification):
    """Send one notification now; record the outcome, never raise."""
    if notification.status == Notification.Status.SENT or not notification.recipients:
        return True
    notification.attempts += 1
    try:
        subject, body = render(notification)
        obj = notification.content_object
        # What a kind adds to its e-mails (an event's .ics, an unsubscribe header).
        with translation.override(notification.language):
            headers = {
                "Content-Language": notification.language,
                **obj.notification_headers(notification),
            }
            attachments = obj.notification_attachments(notification)
        EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            notification.recipients,
            headers=headers,
            attachments=attachments,
        ).send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any mail failure is retried
        notification.status = Notification.Status.FAILED
        # The class name only: mail errors can quote addresses.
        notification.last_error = type(error).__name__
        notification.save(update_fields=["status", "attempts", "last_error"])
        logger.warning(
            "notification %s (%s) not sent: %s",
            notification.pk,
            notification.kind,
            type(error).__name__,
        )
        return False
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    return True


@task()
def send_notification(notification_id):
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or deliver(notification):
        return
    if notification.attempts < _setting("NOTIFICATION_MAX_ATTEMPTS", 5):
        backend = send_notification.get_backend()
        if backend.supports_defer:
            delay = timedelta(minutes=5 * 2 ** (notification.attempts - 1))
            send_notification.using(run_after=timezone.now() + delay).enqueue(
                notification_id
            )


def retry_unsent(max_attempts=None):
    """Try again every unsent notification; return how many went out."""
    max_attempts = max_attempts or _setting("NOTIFICATION_MAX_ATTEMPTS", 5)
    sent = 0
    # A pending row younger than a few minutes still has its task on the way.
    settled = timezone.now() - timedelta(minutes=10)
    unsent = Notification.objects.filter(
        Q(status=Notification.Status.FAILED)
        | Q(status=Notification.Status.PENDING, created_at__lt=settled)
    ).filter(attempts__lt=max_attempts)
    for notification in unsent:
        sent += deliver(notification)
    return sent
