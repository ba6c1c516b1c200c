"""The charter adhesion's states, actions and side effects.

awaiting_email_confirmation ──confirm_email──▶ submitted ──start_review──▶ under_review
under_review ──request_changes──▶ changes_requested ──resubmit──▶ under_review
under_review ──approve──▶ approved ──revoke──▶ revoked
submitted | under_review | changes_requested ──reject──▶ rejected
any open state ──withdraw──▶ withdrawn
unconfirmed | rejected | withdrawn | revoked ──anonymise──▶ anonymised
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from forms_workflows import registry
from forms_workflows.adhesions.models import CharterAdhesion
from forms_workflows.adhesions.states import CLOSED_STATES, INITIAL, OPEN_STATES
from forms_workflows.adhesions.states import AdhesionStatus as S
from forms_workflows.adhesions.status import status_view
from forms_workflows.machine import (
    STANDARD_NOTICES,
    Action,
    Role,
    Workflow,
    anonymise_action,
    note_action,
    request_changes_action,
    resubmit_action,
    withdraw_action,
)
from pages import decided_fields
from pages.models import Signatory
from pages.signals import public_content_changed


def publish_signatory(adhesion, change):
    """Create the live signatory, with its collaboration plan, on the charter's site."""
    plan = [
        ("category", {"title": item["title"], "actions": item["actions"]})
        for item in adhesion.collaboration_plan
    ]
    signatory = Signatory.objects.create(
        locale=Locale.get_default(),  # the source locale, as editors' entries
        site=adhesion.site,
        name=adhesion.organisation_name,
        kind=adhesion.organisation_kind,
        website=adhesion.website,
        region=adhesion.region,
        signed_on=timezone.localdate(),
        collaboration_plan=plan,
        is_active=True,
    )
    # Every language's charter page lists it at once. The copies are Wagtail
    # Localize translations, as editors make them: they translate the plan later
    # in the usual editor, and edits of the source sync.
    source, _created = TranslationSource.get_or_create_from_instance(signatory)
    for locale in Locale.objects.exclude(pk=signatory.locale_id):
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        translation.save_target(publish=True)
    adhesion.signatory = signatory
    adhesion.save(update_fields=["signatory", "updated_at"])
    # A public change with a name: partners' webhooks hear of it (partners.events).
    public_content_changed.send(
        sender=Signatory,
        event="signatory.published",
        instance=signatory,
        site=adhesion.site,
    )


def withdraw_signatory(adhesion, change):
    """Take the signatory off the public lists, in every language; rows stay."""
    if adhesion.signatory_id:
        Signatory.objects.filter(
            translation_key=adhesion.signatory.translation_key
        ).update(is_active=False, updated_at=timezone.now())
        # update() sends no post_save: say so, or kept answers would still list it.
        public_content_changed.send(
            sender=Signatory,
            event="signatory.withdrawn",
            instance=adhesion.signatory,
            site=adhesion.site,
        )


ACTIONS = [
    Action(
        "confirm_email",
        _("Confirm the e-mail address"),
        sources=(S.AWAITING_EMAIL_CONFIRMATION,),
        target=S.SUBMITTED,
        roles=(Role.APPLICANT,),
        notify=("new_submission",),
    ),
    Action(
        "start_review",
        _("Start the review"),
        sources=(S.SUBMITTED,),
        target=S.UNDER_REVIEW,
        roles=(Role.REVIEWER,),
    ),
    request_changes_action((S.UNDER_REVIEW,), S.CHANGES_REQUESTED, (Role.REVIEWER,)),
    resubmit_action((S.CHANGES_REQUESTED,), S.UNDER_REVIEW),
    Action(
        "approve",
        _("Approve"),
        sources=(S.UNDER_REVIEW,),
        target=S.APPROVED,
        roles=(Role.REVIEWER,),
        effect=publish_signatory,
        notify=("decision",),
    ),
    Action(
        "reject",
        _("Reject"),
        sources=(S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED),
        target=S.REJECTED,
        roles=(Role.REVIEWER,),
        comment_required=True,
        notify=("decision",),
        style="critical",
    ),
    withdraw_action(_("Withdraw the application"), OPEN_STATES, S.WITHDRAWN),
    Action(
        "revoke",
        _("Revoke the signature"),
        sources=(S.APPROVED,),
        target=S.REVOKED,
        roles=(Role.REVIEWER,),
        comment_required=True,
        effect=withdraw_signatory,
        notify=("decision",),
        style="critical",
    ),
    anonymise_action(CLOSED_STATES, S.ANONYMISED),
    note_action(S.choices, S.ANONYMISED, (Role.REVIEWER,)),
]

ADHESION_WORKFLOW = Workflow(
    states=S.choices,
    initial=INITIAL,
    actions=ACTIONS,
    review_permission="forms_workflows.review_charteradhesion",
    submit_notify=("confirmation",),
    notices=STANDARD_NOTICES,
    open_states=OPEN_STATES,
    network_scoped=True,
)


def published_by_an_adhesion(signatory):
    return CharterAdhesion.objects.filter(
        signatory__translation_key=signatory.translation_key
    ).exists()


def register():
    """Register the kind with the core; called from the app's `ready()`."""
    registry.register(CharterAdhesion, ADHESION_WORKFLOW, status_view=status_view)
    # Approval publishes it, revocation withdraws it: both are in the log.
    decided_fields.register(Signatory, ("is_active", "site"), published_by_an_adhesion)
