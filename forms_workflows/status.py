"""The applicant's status link: the secret token leads to the kind's own page.

Every kind's e-mails may carry `/applications/<token>/`
(`notifications.status_url`): `status_page` finds the application whatever its
kind (`registry.find_by_status_token`) and hands it to the page its kind
registered (`status_view`). Withdrawing is the same for every kind.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms_workflows.registry import find_by_status_token, kind_of
from forms_workflows.workflow import transition

WITHDRAWAL_NOT_CONFIRMED = "WITHDRAWAL_NOT_CONFIRMED"


def find_application(token):
    return find_by_status_token(token)


@never_cache
@require_http_methods(["GET", "POST"])
def status_page(request, token):
    application = find_application(token)
    if application is None:
        raise Http404
    return kind_of(application).status_view(request, application)


def require_withdrawal_confirmed(post):
    """Withdrawing is final: the applicant ticks a box first (no JavaScript needed)."""
    if not post.get("confirm_withdraw"):
        raise ValidationError(
            _("Tick the box to confirm that you withdraw: this cannot be undone."),
            code=WITHDRAWAL_NOT_CONFIRMED,
        )


def withdraw(application, reason=""):
    return transition(application, "withdraw", comment=reason)
