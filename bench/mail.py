"""A bench-only e-mail backend: fails while a flag file exists, else keeps each message.

The load test creates the flag to take the "mail server" down for a while;
messages that go through are written to the outbox directory, one file each,
so the run can count what was really sent.
"""

import smtplib
import uuid

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class FlakyEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        if settings.BENCH_MAIL_FAIL_FLAG.exists():
            if self.fail_silently:
                return 0
            raise smtplib.SMTPServerDisconnected("bench: the mail server is down")
        outbox = settings.BENCH_MAIL_OUTBOX
        outbox.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = outbox / f"{uuid.uuid4().hex}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)
