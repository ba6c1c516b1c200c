"""The partner API's settings: its limits, caches, keys, webhooks and previews.

The shared HTTP cache's settings are here too: it keeps the API's public
answers and the hosted pages, and public changes purge both. Each value may be
set from the environment; the limits are on by default, and a deployment may
loosen them, never the reverse.
"""

import os

from .environment import env_bool, env_list

GRAPHQL_MAX_QUERY_SIZE = int(os.environ.get("GRAPHQL_MAX_QUERY_SIZE", 16 * 1024))
GRAPHQL_MAX_DEPTH = int(os.environ.get("GRAPHQL_MAX_DEPTH", 10))
GRAPHQL_MAX_ALIASES = int(os.environ.get("GRAPHQL_MAX_ALIASES", 15))
GRAPHQL_MAX_TOKENS = int(os.environ.get("GRAPHQL_MAX_TOKENS", 2000))
# A JSON request body or GET variables: bytes, and nesting of arrays and objects.
GRAPHQL_MAX_BODY_SIZE = int(os.environ.get("GRAPHQL_MAX_BODY_SIZE", 256 * 1024))
GRAPHQL_MAX_JSON_DEPTH = int(os.environ.get("GRAPHQL_MAX_JSON_DEPTH", 32))
# A `search` argument: characters, and words (each becomes a term of the query).
GRAPHQL_SEARCH_MAX_LENGTH = int(os.environ.get("GRAPHQL_SEARCH_MAX_LENGTH", 200))
GRAPHQL_SEARCH_MAX_WORDS = int(os.environ.get("GRAPHQL_SEARCH_MAX_WORDS", 16))
# Every object costs 1; a list counts as its `limit`, another list as this many items.
GRAPHQL_MAX_COST = int(os.environ.get("GRAPHQL_MAX_COST", 10_000))
# How deep a list's filter may nest AND, OR and NOT (issue 28).
GRAPHQL_MAX_FILTER_DEPTH = int(os.environ.get("GRAPHQL_MAX_FILTER_DEPTH", 3))
GRAPHQL_UNBOUNDED_LIST_COST = 10
# Bounded caches of parsed and validated documents (entries, per process).
GRAPHQL_PARSER_CACHE_SIZE = 256
GRAPHQL_VALIDATION_CACHE_SIZE = 256
# None follows DEBUG: masked errors and no field suggestions unless debugging.
GRAPHQL_MASK_ERRORS = None
# Origins allowed to call the API from a browser; none unless listed ("*" for any).
GRAPHQL_CORS_ALLOWED_ORIGINS = env_list("GRAPHQL_CORS_ALLOWED_ORIGINS")
# Anonymous GET answers may be cached this long by browsers and proxies (seconds).
GRAPHQL_CACHE_MAX_AGE = int(os.environ.get("GRAPHQL_CACHE_MAX_AGE", 60))
# A shared HTTP cache in front (Varnish, a CDN) may keep public answers and
# pages this long (seconds); it is purged by tag on every public change at the
# URLs listed (`PURGE` with an `xkey-purge` header), e.g. http://127.0.0.1:6081/.
HTTP_CACHE_SHARED_MAX_AGE = int(os.environ.get("HTTP_CACHE_SHARED_MAX_AGE", 300))
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URLS")
# Sent with every PURGE (X-Purge-Secret) and checked by the cache (deploy/varnish.vcl).
HTTP_CACHE_PURGE_SECRET = os.environ.get("HTTP_CACHE_PURGE_SECRET", "")
# Anonymous query answers kept server-side, emptied by public changes of the
# networks they read (seconds; 0 turns the cache off).
GRAPHQL_RESPONSE_CACHE_TIMEOUT = int(
    os.environ.get("GRAPHQL_RESPONSE_CACHE_TIMEOUT", 60)
)
# After a network's public change, the worker answers again its most asked
# queries (this many; 0 turns warming off). Needs a shared cache (REDIS_URL).
GRAPHQL_WARM_QUERIES = int(os.environ.get("GRAPHQL_WARM_QUERIES", 10))
# ... and before that, the publishing process answers them under the new
# generation for at most this long (seconds; 0: the worker only), so the first
# partner read after the switch is a hit.
GRAPHQL_WARM_AHEAD_SECONDS = float(os.environ.get("GRAPHQL_WARM_AHEAD_SECONDS", 1))
# The only image renditions partners may ask for; srcSet widths likewise.
GRAPHQL_RENDITION_FILTERS = [
    "original",
    "fill-400x300",
    "fill-800x600",
    "fill-1200x630",
    "max-800x800",
    "width-400",
    "width-800",
    "width-1200",
    "width-1600",
]
GRAPHQL_SRCSET_WIDTHS = [320, 400, 480, 640, 800, 1024, 1200, 1280, 1600, 1920]
# Partners' keys (partners.keys): a setting may require one on every request;
# without a key, reads are limited per client address (per minute; 0: no limit).
GRAPHQL_REQUIRE_API_KEY = env_bool("GRAPHQL_REQUIRE_API_KEY", False)
GRAPHQL_ANONYMOUS_READ_RATE = int(os.environ.get("GRAPHQL_ANONYMOUS_READ_RATE", 300))
# Webhooks (partners.webhooks): receivers must answer within WEBHOOK_TIMEOUT
# seconds; an endpoint failing every delivery for WEBHOOK_DISABLE_AFTER_DAYS is
# disabled and its owner told. Loopback, private and link-local destinations
# are refused (server-side request forgery) unless allowed, for development.
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", 10))
WEBHOOK_DISABLE_AFTER_DAYS = int(os.environ.get("WEBHOOK_DISABLE_AFTER_DAYS", 5))
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
# Automatic persisted queries are kept in the cache this long after their last
# use (seconds); registered documents are kept in the database for ever.
GRAPHQL_APQ_TIMEOUT = int(os.environ.get("GRAPHQL_APQ_TIMEOUT", 24 * 3600))
# Only documents registered by `manage.py register_documents` are run for
# anonymous callers (off by default; see graphql_api.core.persisted).
GRAPHQL_TRUSTED_DOCUMENTS_ONLY = env_bool("GRAPHQL_TRUSTED_DOCUMENTS_ONLY", False)
# How long a preview link opened from the admin stays valid (seconds).
GRAPHQL_PREVIEW_TOKEN_MAX_AGE = int(
    os.environ.get("GRAPHQL_PREVIEW_TOKEN_MAX_AGE", 3600)
)
