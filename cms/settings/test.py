"""The test suite: fast hashing, in-memory cache and mail, tasks run at once."""

import os

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", ".localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / ".test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"
RESTRICTED_MEDIA_ROOT = BASE_DIR / ".test-restricted-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# `manage.py load_demo` and its published passwords belong here.
DEMO_ACCOUNTS_ALLOWED = True
# Tests run their webhook receivers on loopback; the SSRF test turns this off.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
# Many requests from one test client address: the per-address read rate is
# tested on its own.
GRAPHQL_ANONYMOUS_READ_RATE = 0
# A test that needs what several processes share starts its own Redis and
# gives its address to the processes it starts, as production does.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
