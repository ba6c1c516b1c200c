"""The HTTP endpoint: GraphQL over HTTP with caching, CORS and never a 500.

Strawberry's view is kept for the GraphiQL page in debug; requests are parsed
and answered here so that every refusal carries a GraphQL error body with a
code, anonymous GET answers carry an ETag, and unexpected errors are masked.
"""

import hashlib
import json
import logging
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.django.views import GraphQLView, TemporalHttpResponse
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types.graphql import OperationType

from graphql_api import persisted, response_cache, warming
from graphql_api.context import ApiContext
from graphql_api.errors import ErrorCode, error_body
from graphql_api.outage import RETRY_AFTER_SECONDS, is_database_outage
from graphql_api.request_body import (
    RequestRefused,
    check_size,
    check_strings,
    load_json,
    multipart_operations,
)
from graphql_api.schema import schema
from partners import keys
from partners.keys import KeyRefused

logger = logging.getLogger("graphql_api")

GRAPHQL_RESPONSE = "application/graphql-response+json"
SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def masking_enabled() -> bool:
    mask = getattr(settings, "GRAPHQL_MASK_ERRORS", None)
    return (not settings.DEBUG) if mask is None else mask


def is_expected(error: GraphQLError) -> bool:
    """Tell errors the partner caused (shown as is) from server faults (masked)."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def error_code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    if code:
        return code
    if isinstance(error, GraphQLSyntaxError):
        return ErrorCode.GRAPHQL_PARSE_FAILED
    if error.path is None and error.original_error is None:
        if error.message.startswith("Variable "):
            return ErrorCode.BAD_USER_INPUT
        return ErrorCode.GRAPHQL_VALIDATION_FAILED
    return ErrorCode.BAD_USER_INPUT


def declared_length(request) -> int:
    try:
        return int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return 0  # the body read below has its own limit


def public_cache_control() -> str:
    # Shared caches are purged on every public change (cms.http_cache), so they
    # may keep an answer longer than a browser, which nobody can purge.
    return (
        f"public, max-age={settings.GRAPHQL_CACHE_MAX_AGE}, "
        f"s-maxage={settings.HTTP_CACHE_SHARED_MAX_AGE}"
    )


def mark_public(response, depends_on=None):
    """Let browsers and shared caches keep this answer; tag it for purging.

    Tagged with each network it read (`site-<id>`), or `graphql-any` when it
    named none, so that a change purges only what it concerns.
    """
    response["Cache-Control"] = public_cache_control()
    sites = response_cache.sites_of(depends_on or {})
    tags = [f"site-{site_id}" for site_id in sites] or ["graphql-any"]
    response["Surrogate-Key"] = " ".join(["cms", "graphql", *tags])


def mark_cacheable(request, response, depends_on=None):
    """Public for anonymous callers; a key's answer is for its holder's cache only.

    A shared cache keys by URL, not by the Authorization header: it must not
    give a keyed answer to a caller without that key.
    """
    if getattr(request, "api_access", None) is None:
        mark_public(response, depends_on)
    else:
        response["Cache-Control"] = f"private, max-age={settings.GRAPHQL_CACHE_MAX_AGE}"


def key_refusal(refused: KeyRefused):
    """The answer to a request its key (or its lack of one) turns away."""
    response = PartnerGraphQLView.json_response(
        error_body(refused.message, refused.code), refused.status
    )
    response["Cache-Control"] = "no-store"
    if refused.retry_after:
        response["Retry-After"] = str(refused.retry_after)
    if refused.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="graphql"'
    return response


class PartnerGraphQLView(GraphQLView):
    schema = schema
    graphql_ide = None

    def dispatch(self, request, *args, cache_key=None, **kwargs):
        if request.method == "OPTIONS":
            return self.with_cors(request, HttpResponse(status=204), preflight=True)
        if (
            settings.DEBUG
            and request.method == "GET"
            and "query" not in request.GET
            and "text/html" in request.headers.get("Accept", "")
        ):
            self.graphql_ide = "graphiql"
            return super().dispatch(request, *args, **kwargs)
        try:
            response = self.answer(request, cache_key)
        except RequestRefused as refusal:
            response = self.json_response(
                error_body(refusal.message, refusal.code), refusal.status
            )
            if refusal.allow:
                response["Allow"] = refusal.allow
            response["Cache-Control"] = "no-store"
        except Exception as exc:  # noqa: BLE001 - the endpoint never answers 500 bare
            if is_database_outage(exc):
                response = self.unavailable(exc)
            else:
                response = self.json_response(self.masked_failure(request), 500)
        return self.with_cors(request, response)

    # request parsing ----------------------------------------------------

    def parse(self, request):
        if request.method == "GET":
            data = {key: request.GET.get(key) for key in request.GET}
            for key in ("variables", "extensions"):
                if data.get(key):
                    data[key] = load_json(data[key])
            check_strings(data)
            return data
        if request.method != "POST":
            raise RequestRefused(
                405,
                _("The GraphQL endpoint accepts GET and POST only."),
                ErrorCode.METHOD_NOT_ALLOWED,
                allow="GET, POST, OPTIONS",
            )
        if (request.content_type or "") == "multipart/form-data":
            return multipart_operations(request)
        check_size(declared_length(request))
        try:
            body = request.body
        except RequestDataTooBig as exc:
            raise RequestRefused(
                413, _("The request body is too large."), ErrorCode.QUERY_TOO_LARGE
            ) from exc
        if not body.strip():
            raise RequestRefused(
                400, _("The request body is empty."), ErrorCode.MISSING_QUERY
            )
        content_type = request.content_type or ""
        if content_type not in ("application/json", GRAPHQL_RESPONSE):
            raise RequestRefused(
                415,
                _("Send the request body as application/json."),
                ErrorCode.UNSUPPORTED_CONTENT_TYPE,
            )
        data = load_json(body)
        if not isinstance(data, dict):
            raise RequestRefused(
                400,
                _("The request body must be a JSON object."),
                ErrorCode.BAD_REQUEST,
            )
        return data

    def checked(self, data):
        query = data.get("query")
        variables = data.get("variables")
        operation_name = data.get("operationName")
        if not isinstance(query, str) or not query.strip():
            raise RequestRefused(
                400, _("The request has no GraphQL query."), ErrorCode.MISSING_QUERY
            )
        if variables is not None and not isinstance(variables, dict):
            raise RequestRefused(
                400, _("variables must be a JSON object."), ErrorCode.BAD_REQUEST
            )
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestRefused(
                400, _("operationName must be a string."), ErrorCode.BAD_REQUEST
            )
        return query, variables, operation_name

    # execution ------------------------------------------------------------

    def answer(self, request, cache_key):
        data = self.parse(request)
        to_keep = persisted.resolve(request, data)
        query, variables, operation_name = self.checked(data)
        context = ApiContext(request=request, response=TemporalHttpResponse())
        if cache_key:
            response_cache.begin(context)
        allowed = {OperationType.QUERY}
        if request.method == "POST":
            allowed.add(OperationType.MUTATION)
        try:
            result = self.schema.execute_sync(
                query,
                variable_values=variables,
                context_value=context,
                operation_name=operation_name,
                allowed_operation_types=allowed,
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type == OperationType.SUBSCRIPTION:
                raise RequestRefused(
                    400,
                    _("Subscriptions are not supported."),
                    ErrorCode.BAD_REQUEST,
                ) from exc
            raise RequestRefused(
                405,
                _("Mutations are accepted over POST only."),
                ErrorCode.MUTATION_NOT_ALLOWED_OVER_GET,
                allow="POST",
            ) from exc
        except CannotGetOperationTypeError as exc:
            raise RequestRefused(
                400,
                _("Name the operation to run with operationName."),
                ErrorCode.BAD_REQUEST,
            ) from exc
        except MissingQueryError as exc:
            raise RequestRefused(
                400, _("The request has no GraphQL query."), ErrorCode.MISSING_QUERY
            ) from exc

        for error in result.errors or ():
            if is_database_outage(error.original_error):
                return self.unavailable(error.original_error)

        body = {}
        if result.errors:
            body["errors"] = [self.format_error(e, context) for e in result.errors]
        # A field error means execution started: `data` is then present, null
        # when a non-null root field failed. A request error (syntax,
        # validation, limits, variables) has no path and no `data`.
        errors = result.errors or ()
        if (
            result.data is not None
            or not errors
            or any(error.path is not None for error in errors)
        ):
            body["data"] = result.data
        body = {"data": body["data"], **body} if "data" in body else body
        if to_keep and "data" in body:
            persisted.keep(to_keep, query)

        wants_graphql_response = GRAPHQL_RESPONSE in request.headers.get("Accept", "")
        status = 400 if (wants_graphql_response and "data" not in body) else 200
        response = self.json_response(
            body,
            status,
            content_type=GRAPHQL_RESPONSE if wants_graphql_response else None,
        )
        patch_vary_headers(response, ["Accept"])
        self.set_caching(request, response, context, cacheable=not result.errors)
        if status == 200 and not result.errors and response.has_header("ETag"):
            if entry := response_cache.store(cache_key, context, response):
                mark_cacheable(request, response, entry[3])
                if not getattr(request, "is_warming", False):
                    sites = response_cache.sites_of(entry[3])
                    warming.record(request.response_cache_shape, sites, at_once=True)
        return self.conditional(request, response)

    @classmethod
    def cached_answer(cls, request, content, content_type, etag, depends_on):
        """Answer with a stored answer, headers as when it was computed."""
        response = HttpResponse(content, status=200, content_type=content_type)
        response["ETag"] = etag
        mark_cacheable(request, response, depends_on)
        patch_vary_headers(response, ["Accept"])
        return cls.conditional(request, response)

    def format_error(self, error: GraphQLError, context: ApiContext) -> dict:
        if not is_expected(error) and masking_enabled():
            logger.error(
                "GraphQL request %s failed: %s",
                context.request_id,
                error.message,
                exc_info=error.original_error,
                extra={"request_id": context.request_id},
            )
            formatted = {
                "message": _("An unexpected error occurred."),
                "extensions": {
                    "code": ErrorCode.INTERNAL_SERVER_ERROR,
                    "requestId": context.request_id,
                },
            }
            if error.path:
                formatted["path"] = error.path
            return formatted
        formatted = error.formatted
        if masking_enabled():
            formatted["message"] = SUGGESTION.sub("", formatted["message"])
        extensions = dict(formatted.get("extensions") or {})
        extensions["code"] = str(error_code(error))
        if not is_expected(error):
            extensions["requestId"] = context.request_id
        formatted["extensions"] = extensions
        return formatted

    def unavailable(self, error):
        logger.warning(
            "GraphQL request refused: the database is unreachable (%s)", error
        )
        response = self.json_response(
            error_body(
                _("The service is temporarily unavailable; try again in a moment."),
                ErrorCode.SERVICE_UNAVAILABLE,
            ),
            503,
        )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        response["Cache-Control"] = "no-store"
        return response

    def masked_failure(self, request):
        context = ApiContext(request=request, response=TemporalHttpResponse())
        logger.exception(
            "GraphQL request %s failed outside execution",
            context.request_id,
            extra={"request_id": context.request_id},
        )
        body = error_body(
            _("An unexpected error occurred."), ErrorCode.INTERNAL_SERVER_ERROR
        )
        body["errors"][0]["extensions"]["requestId"] = context.request_id
        return body

    # HTTP ---------------------------------------------------------------------

    @staticmethod
    def json_response(body, status, content_type=None):
        return HttpResponse(
            json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":")),
            status=status,
            content_type=content_type or "application/json",
        )

    @staticmethod
    def set_caching(request, response, context, cacheable):
        if (
            request.method == "GET"
            and response_cache.audience(request) is not None
            and cacheable
            and not context.private
            and response.status_code == 200
        ):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'"{digest}"'
            mark_cacheable(request, response)
        else:
            response["Cache-Control"] = "no-store"

    @classmethod
    def conditional(cls, request, response):
        """Answer 304 when the client already holds this exact answer."""
        if response.status_code != 200 or not cls.not_modified(request, response):
            return response
        not_modified = HttpResponse(status=304)
        for header in ("ETag", "Cache-Control", "Vary"):
            not_modified[header] = response[header]
        return not_modified

    @staticmethod
    def not_modified(request, response):
        etag = response.get("ETag")
        if not etag:
            return False
        given = request.headers.get("If-None-Match", "")
        tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
        return etag in tags or "*" in tags

    @staticmethod
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


partner_view = PartnerGraphQLView.as_view(schema=schema, graphql_ide=None)


# Partners call the API from other origins with no session cookie: CSRF does not apply.
@csrf_exempt
def graphql_view(request, *args, **kwargs):
    """Admit the caller (its API key, or its address's rate), then serve a
    repeated GET from the response cache, else run the query.

    The cache is looked up before the request is parsed or a view is built: a hit
    costs a hash and a cache read.
    """
    # The unprefixed path makes LocaleMiddleware choose French; the API answers
    # in the language the partner asks for (Accept-Language), as docs/api.md says.
    # LocaleMiddleware then sets Content-Language and Vary from it.
    translation.activate(translation.get_language_from_request(request))
    request.LANGUAGE_CODE = translation.get_language()
    try:
        if request.method == "OPTIONS":
            # anyone may send preflights, and each reads the keys' origins
            keys.admit_by_address(request)
        else:
            keys.admit(request)
    except KeyRefused as refused:
        return PartnerGraphQLView.with_cors(request, key_refusal(refused))
    response_cache.retry_missed_here()
    cache_key = response_cache.key_for(request)
    if hit := response_cache.get(cache_key):
        if not getattr(request, "is_warming", False):
            warming.record(
                request.response_cache_shape, response_cache.sites_of(hit[3])
            )
        return PartnerGraphQLView.with_cors(
            request, PartnerGraphQLView.cached_answer(request, *hit)
        )
    return partner_view(request, *args, cache_key=cache_key, **kwargs)
