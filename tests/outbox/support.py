"""Helpers for the outbox tests: a real SMTP server that can be down, a backend refusing one address,
a broker that is down, and who received what."""

import smtplib
import socket

from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from kbt.celery import app as celery_app


class Inbox:
    """What a real SMTP server received: one envelope per message."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(address for envelope in self.envelopes for address in envelope.rcpt_tos)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """An aiosmtpd server on a fixed local port that a test stops and starts: while it is stopped the
    port refuses connections, as a mail server that is down does."""

    def __init__(self, settings):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class RefusesOneAddress(LocmemBackend):
    """An SMTP server that refuses `refused` (as a full mailbox would) and delivers to everyone else."""

    refused = ""

    def send_messages(self, messages):
        for message in messages:
            if RefusesOneAddress.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({RefusesOneAddress.refused: (452, b"Mailbox full")})
        return super().send_messages(messages)


def recipients() -> list[str]:
    """Recipients of the emails Django's test outbox received, one entry per email."""
    return sorted(address for message in mail.outbox for address in message.to)


CLOSED_BROKER = "redis://127.0.0.1:1/0"


def point_broker_at(url: str):
    """Make the Celery app publish to `url` from now on: forget its pooled connections."""
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = celery_app.conf.broker_read_url = url
    celery_app._pool = None
    celery_app.__dict__.get("amqp") and setattr(celery_app.amqp, "_producer_pool", None)
