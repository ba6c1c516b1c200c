"""Error codes partners can rely on, and the error every resolver raises."""

from enum import StrEnum

from graphql import GraphQLError


class ErrorCode(StrEnum):
    """Stable values of `extensions.code`; partners branch on these, not on wording."""

    # Request: the HTTP layer refused the request before GraphQL ran.
    BAD_REQUEST = "BAD_REQUEST"
    INVALID_JSON = "INVALID_JSON"
    INVALID_STRING = "INVALID_STRING"
    UNSUPPORTED_CONTENT_TYPE = "UNSUPPORTED_CONTENT_TYPE"
    MISSING_QUERY = "MISSING_QUERY"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    MUTATION_NOT_ALLOWED_OVER_GET = "MUTATION_NOT_ALLOWED_OVER_GET"
    # Document: parse and validation.
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    OPERATION_NAME_REQUIRED = "OPERATION_NAME_REQUIRED"
    # Persisted queries (the Apollo protocol) and trusted documents.
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_MISMATCH = "PERSISTED_QUERY_MISMATCH"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    DOCUMENT_NOT_REGISTERED = "DOCUMENT_NOT_REGISTERED"
    # Safety limits.
    QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    # Arguments.
    LIMIT_TOO_LARGE = "LIMIT_TOO_LARGE"
    NEGATIVE_PAGINATION = "NEGATIVE_PAGINATION"
    UNKNOWN_SITE = "UNKNOWN_SITE"
    UNKNOWN_LOCALE = "UNKNOWN_LOCALE"
    INVALID_ID = "INVALID_ID"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    # Lists (issue 28): a cursor the API did not give, a filter nested too deep.
    INVALID_CURSOR = "INVALID_CURSOR"
    FILTER_TOO_DEEP = "FILTER_TOO_DEEP"
    SEARCH_TOO_LONG = "SEARCH_TOO_LONG"
    SEARCH_TOO_MANY_WORDS = "SEARCH_TOO_MANY_WORDS"
    UNKNOWN_PAGE_TYPE = "UNKNOWN_PAGE_TYPE"
    RENDITION_FILTER_NOT_ALLOWED = "RENDITION_FILTER_NOT_ALLOWED"
    INVALID_PREVIEW_TOKEN = "INVALID_PREVIEW_TOKEN"
    EXPIRED_PREVIEW_TOKEN = "EXPIRED_PREVIEW_TOKEN"
    # Partners' keys (partners.keys): 401, 401, a field error, 429 with Retry-After.
    INVALID_API_KEY = "INVALID_API_KEY"
    API_KEY_REQUIRED = "API_KEY_REQUIRED"
    SITE_NOT_ALLOWED = "SITE_NOT_ALLOWED"
    RATE_LIMITED = "RATE_LIMITED"
    # The database cannot be reached: HTTP 503, retry later.
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    # Anything else: masked, with a request id the server log also carries.
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class ApiError(GraphQLError):
    """An expected refusal, shown to the partner as is, with a stable code."""

    def __init__(self, message, code: ErrorCode, **extensions):
        super().__init__(str(message), extensions={"code": str(code), **extensions})
        self.code = code


def error_body(message, code: ErrorCode) -> dict:
    """Return a GraphQL response body carrying a single request error."""
    return {"errors": [{"message": str(message), "extensions": {"code": str(code)}}]}
