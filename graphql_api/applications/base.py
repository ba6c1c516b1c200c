"""What every application mutation does first, in one place (as Saleor's base mutation).

`guarded(info, site)` marks the answer private, resolves the network the
mutation targets and names the caller: the network and the client (its
address, or the partner's API key). The services scope their
idempotency keys and rate limits by that caller, so two partners, or two
applicants, never see each other's applications through a shared key.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from forms_workflows.guards import Caller
from graphql_api.content.sites import NetworkSite, resolve_site


@dataclass(frozen=True)
class Guarded:
    network: NetworkSite
    caller: Caller


def guarded(info, site: str | None) -> Guarded:
    """Resolve the target network and the caller; raise ApiError (UNKNOWN_SITE)."""
    info.context.private = True  # an applicant's answer: never cached
    network = resolve_site(info, site)
    request = info.context.request
    access = getattr(request, "api_access", None)
    if access is not None:
        # A partner's key: its submissions count against the key's quota.
        caller = Caller(
            site_id=network.site.pk,
            client=f"key:{access.public_id}",
            quota=access.submission_quota,
        )
    else:
        caller = Caller.from_request(request, network.site)
    return Guarded(network=network, caller=caller)


def message_language(language: str | None) -> str:
    """The applicant's chosen language, which is also the language of the messages."""
    return (
        language if language in dict(settings.LANGUAGES) else translation.get_language()
    )
