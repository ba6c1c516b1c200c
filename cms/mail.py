"""The development console's e-mails, as a person reads them.

Django's console backend prints the message as sent on the wire: a subject
with an accent or a dash becomes `=?utf-8?q?Nouvelle_candidature_=3A...?=`.
This one prints the headers decoded; the body is written as the sender wrote it.
"""

from email.header import decode_header, make_header

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        msg = message.message()
        if msg.is_multipart():
            return super().write_message(message)
        for name, value in msg.items():
            readable = str(make_header(decode_header(value)))
            self.stream.write(f"{name}: {' '.join(readable.split())}\n")
        self.stream.write(f"\n{message.body}\n")
        self.stream.write("-" * 79 + "\n")
