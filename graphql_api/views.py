"""The HTTP endpoint: GraphQL over HTTP with caching, CORS and never a 500.

Strawberry's view is kept for the GraphiQL page in debug; requests are parsed
and answered here so that every refusal carries a GraphQL error body with a
code (`core.http_errors`), anonymous GET answers carry an ETag
(`caching.http_headers`), and unexpected errors are masked.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView, TemporalHttpResponse
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types.graphql import OperationType

from graphql_api.caching import answers, http_headers, popularity
from graphql_api.core import http_errors, persisted
from graphql_api.core.context import ApiContext
from graphql_api.core.cors import with_cors
from graphql_api.core.errors import ErrorCode, error_body
from graphql_api.core.outage import is_database_outage
from graphql_api.core.request_body import (
    RequestRefused,
    check_size,
    check_strings,
    load_json,
    multipart_operations,
)
from graphql_api.schema import schema
from partners import keys
from partners.keys import KeyRefused

GRAPHQL_RESPONSE = "application/graphql-response+json"


def declared_length(request) -> int:
    try:
        return int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return 0  # the body read below has its own limit


class PartnerGraphQLView(GraphQLView):
    schema = schema
    graphql_ide = None

    def dispatch(self, request, *args, cache_key=None, **kwargs):
        if request.method == "OPTIONS":
            return with_cors(request, HttpResponse(status=204), preflight=True)
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
            response = http_errors.json_response(
                error_body(refusal.message, refusal.code), refusal.status
            )
            if refusal.allow:
                response["Allow"] = refusal.allow
            response["Cache-Control"] = "no-store"
        except Exception as exc:  # noqa: BLE001 - the endpoint never answers 500 bare
            if is_database_outage(exc):
                response = http_errors.unavailable(exc)
            else:
                response = http_errors.json_response(
                    http_errors.masked_failure(request), 500
                )
        return with_cors(request, response)

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
            answers.begin(context)
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
                return http_errors.unavailable(error.original_error)

        body = {}
        if result.errors:
            body["errors"] = [
                http_errors.format_error(e, context) for e in result.errors
            ]
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
        response = http_errors.json_response(
            body,
            status,
            content_type=GRAPHQL_RESPONSE if wants_graphql_response else None,
        )
        patch_vary_headers(response, ["Accept"])
        http_headers.set_caching(
            request, response, context, cacheable=not result.errors
        )
        if status == 200 and not result.errors and response.has_header("ETag"):
            if entry := answers.store(cache_key, context, response):
                http_headers.mark_cacheable(request, response, entry[3])
                if not getattr(request, "is_warming", False):
                    sites = answers.sites_of(entry[3])
                    popularity.record(request.response_cache_shape, sites, at_once=True)
        return http_headers.conditional(request, response)


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
        return with_cors(request, http_errors.key_refusal(refused))
    answers.retry_missed_here()
    cache_key = answers.key_for(request)
    if hit := answers.get(cache_key):
        if not getattr(request, "is_warming", False):
            popularity.record(request.response_cache_shape, answers.sites_of(hit[3]))
        return with_cors(request, http_headers.cached_answer(request, *hit))
    return partner_view(request, *args, cache_key=cache_key, **kwargs)
