"""Settings shared by every environment: secure by default, configured from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .environment import env_bool, env_list

# The partner GraphQL API (graphql_api), its caches, keys and webhooks (partners).
from .partner_api import *

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"

# Secure by default: debug off, no key and no host unless the environment gives them.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "graphql_api",
    "forms_workflows",
    "forms_workflows.proposals",
    "forms_workflows.editor_forms",
    "pages",
    "pages.search",
    "partners",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "strawberry_django",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: load balancers' probes come by IP, over HTTP (see cms/health.py).
    "cms.health.HealthCheckMiddleware",
    "cms.request_log.RequestLogMiddleware",
    # Before any view reads the address: NUL or bad UTF-8 is a 400, not a 500.
    "cms.clean_urls.CleanUrlMiddleware",
    # It must see the cookies every other middleware sets.
    "cms.http_cache.SharedCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known: the admin in its user's (or browser's) language.
    "cms.admin_language.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
AUTH_USER_MODEL = "cms.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Embedded default: a SQLite file beside the code. DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French is the default language and the source locale; English is the translation.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin speaks the languages our own screens and e-mails are written in.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# A new or synced translation is a draft: the network's moderation workflow
# publishes it (Wagtail Localize would publish it at once when its source is live).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Documents of restricted collections (pages.public_files): never under
# MEDIA_ROOT, served only by Wagtail's document view after its permission check.
RESTRICTED_MEDIA_ROOT = Path(
    os.environ.get("RESTRICTED_MEDIA_ROOT", BASE_DIR / "restricted-media")
)
STORAGES = {
    # Images and documents: each file to the public ("media") or the restricted
    # ("restricted_media") store, by its name (pages.file_storage).
    "default": {"BACKEND": "pages.file_storage.MediaStorage"},
    "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "restricted_media": {"BACKEND": "pages.file_storage.RestrictedFileStorage"},
    # Applicants' files (project proposals): never under MEDIA_ROOT, no public URL.
    "private": {"BACKEND": "forms_workflows.proposals.files.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Scaled out: media in an S3-compatible object store. Images, renditions and
# public documents go to a public bucket; applicants' files to a private one,
# read only through the permission-checked views (streamed, never a bucket URL);
# documents of restricted collections to the private bucket too (or to
# S3_RESTRICTED_MEDIA_BUCKET), under restricted/, reached only through Wagtail's
# document view, which redirects to a URL signed for 60 seconds.
if os.environ.get("S3_MEDIA_BUCKET"):
    import botocore.config

    _S3_COMMON = {
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        "file_overwrite": False,
        "default_acl": None,
        # Fail fast: a storage that hangs must not hang a request or the health check.
        "client_config": botocore.config.Config(
            connect_timeout=2, read_timeout=10, retries={"max_attempts": 2}
        ),
    }
    STORAGES["media"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": os.environ["S3_MEDIA_BUCKET"],
            "querystring_auth": False,
            "custom_domain": os.environ.get("S3_MEDIA_DOMAIN") or None,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": os.environ["S3_PRIVATE_BUCKET"],
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
    STORAGES["restricted_media"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3_COMMON,
            "bucket_name": os.environ.get("S3_RESTRICTED_MEDIA_BUCKET")
            or os.environ["S3_PRIVATE_BUCKET"],
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "quartiers",
    }
}

# Background work: a database-backed queue, drained by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz/ says "degraded" when no task worker's heartbeat (in the shared
# cache) is this many seconds old or newer; workers beat six times as often.
TASK_WORKER_HEARTBEAT_MAX_AGE = float(
    os.environ.get("TASK_WORKER_HEARTBEAT_MAX_AGE", 60)
)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Only read by the file-based backend (the stack writes its mail there).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH")

# Django sets 1,000 fields per form; Wagtail's page editor can need more.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Réseaux ÉcoQuartiers"
# No request leaves for a third party from any page, the admin's included:
# Wagtail would fetch users' avatars from Gravatar and, on the dashboard, the
# latest version from its release server.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "pages.CustomImage"
# The admin searches with Wagtail's database backend; the public search (hosted
# sites, API) with our own index, analysed per language (pages/search/).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
    "public": {"BACKEND": "pages.search.backend"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Wagtail's own: a published page whose slug changes or that moves leaves a
# redirect from its old path (the API's `redirects` serves them to partners).
WAGTAILREDIRECTS_AUTO_CREATE = True

# LOG_FORMAT=json (production's default): one JSON object a line, for log
# collectors; "plain" for people reading a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "cms.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request (cms.request_log): on in production.
        "cms.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "WARNING")},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# `manage.py load_demo` creates accounts whose password is published: only the
# dev and test settings allow it (a server needs --allow-demo-accounts).
DEMO_ACCOUNTS_ALLOWED = False

# --- forms_workflows: applications (charter adhesions) -------------------------
# Per-IP submissions per window; the timing token's plausible age, in seconds.
FORMS_WORKFLOWS_RATE_LIMIT = int(os.environ.get("FORMS_WORKFLOWS_RATE_LIMIT", "5"))
FORMS_WORKFLOWS_RATE_LIMIT_WINDOW = 3600
FORMS_WORKFLOWS_FORM_MIN_SECONDS = 3
FORMS_WORKFLOWS_FORM_MAX_SECONDS = 24 * 3600
# Behind a proxy, the META key of the header carrying the client's address,
# e.g. "HTTP_X_FORWARDED_FOR"; None trusts REMOTE_ADDR. The header is read only
# when the direct peer is one of the trusted proxies (IPs or CIDRs).
FORMS_WORKFLOWS_CLIENT_IP_HEADER = os.environ.get("FORMS_WORKFLOWS_CLIENT_IP_HEADER")
FORMS_WORKFLOWS_TRUSTED_PROXIES = env_list("FORMS_WORKFLOWS_TRUSTED_PROXIES")
FORMS_WORKFLOWS_CONFIRMATION_DAYS = 7
FORMS_WORKFLOWS_NOTIFICATION_MAX_ATTEMPTS = 5
# Extra addresses told of each new application, besides the reviewers' own.
FORMS_WORKFLOWS_REVIEWER_EMAILS = env_list("FORMS_WORKFLOWS_REVIEWER_EMAILS")
# Days after which `manage.py anonymise_applications` erases the personal data
# of an application left in that state; a state not listed is never erased.
# Campaigns are yearly: a draft started a year ago belongs to a closed campaign,
# and a deferred project comes back within two campaigns or applies anew.
FORMS_WORKFLOWS_RETENTION_DAYS = {
    "awaiting_email_confirmation": 30,
    "draft": 365,
    "deferred": 730,
    "rejected": 365,
    "withdrawn": 365,
    "revoked": 365,
}
# Project proposals: attachments live outside MEDIA_ROOT and have no public URL.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")
)
PROPOSALS_MAX_FILE_SIZE = 10 * 1024 * 1024
PROPOSALS_MAX_TOTAL_SIZE = 40 * 1024 * 1024
# Saves of an existing draft per address and hour (each may carry files).
PROPOSALS_SAVE_RATE_LIMIT = int(os.environ.get("PROPOSALS_SAVE_RATE_LIMIT", "120"))
PROPOSALS_PRESENTATION_NOTE_MAX_LENGTH = 6000
# --- end forms_workflows -------------------------------------------------------
