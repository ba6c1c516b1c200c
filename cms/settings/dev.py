"""Local development: debug on, a throw-away key, the console mail backend."""

from .base import *

DEBUG = True
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost,[::1],testserver"
)
# Headers decoded: subjects readable in the terminal (cms/mail.py).
EMAIL_BACKEND = "cms.mail.ReadableConsoleBackend"
STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# `make demo` runs no separate worker: tasks run in the request.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# `manage.py load_demo` and its published passwords belong here.
DEMO_ACCOUNTS_ALLOWED = True
# Webhook receivers on this machine (a local partner site) are allowed here.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
# `make demo PORT=...` serves on that port: links in staff e-mails follow it.
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL",
    f"http://127.0.0.1:{os.environ.get('DEMO_SITE_PORT') or 8000}",
)
