"""The stack's services configured as in production pass Django's deploy check."""

import os
import subprocess
import sys

from .conftest import ROOT

# Loopback-only toggles of the test stack (plain HTTP); production keeps the defaults.
LOOPBACK_ONLY = ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS")


def test_check_deploy_is_clean_with_the_stacks_services(stack):
    env = {k: v for k, v in stack.env.items() if k not in LOOPBACK_ONLY}
    env["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
