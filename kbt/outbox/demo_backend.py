"""The demo's email backend: one log line per email, so seeding and the reminder sweeps do not flood the
terminal. The whole email stays in the outbox (admin, Emails), which is where officers read it."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

log = logging.getLogger("kbt.demo_email")


class OneLineEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            log.info("Email to %s: %s", ", ".join(message.recipients()), message.subject)
        return len(email_messages)
