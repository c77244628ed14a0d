"""Through a real SMTP server (aiosmtpd on 127.0.0.1): the reminder arrives with a text and an HTML part,
from and reply-to the addresses in settings."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from freezegun import freeze_time

from grants import services
from grants.models import Status
from tests.factories import application_at
from tests.reminders.support import sweep_at, uk

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def test_the_reminder_arrives_with_both_parts(smtp_server, settings):
    with freeze_time(uk(2027, 3, 1, 10)):
        application = application_at(Status.IN_ASSESSMENT)
        services.application_transition(
            application=application, action="request_info", actor=application.cast.officer, reason="A quote, please."
        )
    smtp_server.envelopes.clear()  # the request's own email went through the server too
    sweep_at(uk(2027, 3, 8, 9))

    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == [application.applicant.email]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == f"We are still waiting for your answer about {application.reference}"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Reply-To"] == settings.REPLY_TO_EMAIL
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "A quote, please." in text and "<h1" not in text
    assert "<h1" in html and "A quote, please." in html
    assert mail.outbox == []  # it went by SMTP, not to the test outbox
