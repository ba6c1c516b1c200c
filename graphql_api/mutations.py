"""What every application mutation does first, in one place (as Saleor's base mutation).

`guarded(info, site)` marks the answer private, resolves the network the
mutation targets and names the caller: the network and the client (its
address today, an API key's id once keys exist). The services scope their
idempotency keys and rate limits by that caller, so two partners, or two
applicants, never see each other's applications through a shared key.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from forms_workflows.guards import Caller
from graphql_api.sites import NetworkSite, resolve_site


@dataclass(frozen=True)
class Guarded:
    network: NetworkSite
    caller: Caller


def guarded(info, site: str | None) -> Guarded:
    """Resolve the target network and the caller; raise ApiError (UNKNOWN_SITE)."""
    info.context.private = True  # an applicant's answer: never cached
    network = resolve_site(info, site)
    return Guarded(
        network=network, caller=Caller.from_request(info.context.request, network.site)
    )


def message_language(language: str | None) -> str:
    """The applicant's chosen language, which is also the language of the messages."""
    return (
        language if language in dict(settings.LANGUAGES) else translation.get_language()
    )
