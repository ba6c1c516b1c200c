"""Production: everything from the environment; refuses to start without a secret key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set: production settings refuse to start without one."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the served host names.")

# SQLite ignores row locks (`select_for_update`): two reviewers, or a save and
# a withdrawal, could both win. Production runs on PostgreSQL unless told.
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not env_bool(
    "ALLOW_SQLITE_IN_PRODUCTION", False
):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set or names SQLite: production settings need "
        "PostgreSQL (row locks). Set ALLOW_SQLITE_IN_PRODUCTION=1 to run a "
        "single-user trial on SQLite anyway."
    )

DEBUG = False
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")
LOGGING["loggers"]["cms.request"]["level"] = os.environ.get("REQUEST_LOG_LEVEL", "INFO")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer's probe speaks plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Cookies only over HTTPS; a plain-HTTP loopback stack (`make stack`) turns this off.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Several app servers share one Redis: the response cache, its generation, the
# rate limits. Short time-outs: a Redis that hangs must not hang the site.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
