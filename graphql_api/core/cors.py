"""Which origins may read an answer: the setting's, and the caller's key's."""

from django.conf import settings
from django.utils.cache import patch_vary_headers

from partners import keys


def cors_origins(request, preflight):
    """The origins this answer may be read from: the setting's, and the key's.

    A preflight carries no key: it is allowed for any usable key's origins,
    and the request that follows gets the header only if its key lists them.
    """
    allowed = list(settings.GRAPHQL_CORS_ALLOWED_ORIGINS)
    if preflight:
        if request.headers.get("Origin") not in allowed:
            allowed += keys.origins_of_usable_keys()
        return allowed
    access = getattr(request, "api_access", None)
    return allowed + list(access.origins) if access is not None else allowed


def with_cors(request, response, preflight=False):
    origin = request.headers.get("Origin")
    allowed = cors_origins(request, preflight)
    # Always, not only when there is an Origin: a shared cache keeping the
    # answer to a server (no Origin) must not give it to a browser, whose
    # CORS headers it lacks.
    patch_vary_headers(response, ["Origin"])
    if origin and ("*" in allowed or origin in allowed):
        response["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
        if preflight:
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "Content-Type, Accept, If-None-Match, Authorization"
            )
            response["Access-Control-Max-Age"] = "86400"
        else:
            response["Access-Control-Expose-Headers"] = "ETag"
    if preflight:
        response["Allow"] = "GET, POST, OPTIONS"
    return response
