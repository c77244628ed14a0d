"""The faults of issue 10: SMTP down for a while during a decision, SMTP refusing one recipient, and
Redis down while a group sends its application and a councillor approves a bid. Every email arrives
exactly once, and no page fails."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from freezegun import freeze_time

from grants import services
from grants.models import Application, Status
from kbt.celery import app as celery_app
from kbt.outbox.models import OutboxEmail
from kbt.outbox.services import emails_sweep
from tests.factories import application_at, decision_fields, draft, member_of, priorities_strand
from tests.grants.applicant_factories import with_documents
from tests.grants.councillor_factories import Ward
from tests.outbox.support import CLOSED_BROKER, RefusesOneAddress, SmtpServer, point_broker_at, recipients
from tests.reminders.support import uk

DECIDED = uk(2027, 3, 1, 10)


def sweep_at(moment):
    with freeze_time(moment):
        return emails_sweep()


@pytest.fixture
def smtp(settings):
    server = SmtpServer(settings)
    yield server
    server.stop()


@pytest.mark.django_db
def test_smtp_down_during_an_approval_then_back_every_email_arrives_exactly_once(
    smtp, django_capture_on_commit_callbacks
):
    application = application_at(Status.AWAITING_DECISION, strand=priorities_strand())
    members = [application.applicant.email] + [member_of(application.organisation).email for _ in range(2)]
    OutboxEmail.objects.all().delete()  # the emails of the moves that brought the bid here
    # The SMTP server is down (its port refuses connections) when the panel approves.
    with freeze_time(DECIDED), django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            action="approve",
            actor=application.cast.panel,
            amount=Decimal("5000"),
            **decision_fields(application),
        )
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED
    rows = OutboxEmail.objects.filter(kind="application_decided")
    assert sorted(rows.values_list("recipient", flat=True)) == sorted(members)
    assert set(rows.values_list("status", "attempts")) == {("waiting", 1)}
    assert "Connection refused" in rows.first().last_error or "Errno 111" in rows.first().last_error

    # Still down a few minutes later: the next tries fail too, and are spaced out further.
    sweep_at(DECIDED + dt.timedelta(minutes=2))
    assert set(rows.values_list("status", "attempts")) == {("waiting", 2)}
    sweep_at(DECIDED + dt.timedelta(minutes=3))  # inside the backoff: nothing is tried
    assert set(rows.values_list("attempts", flat=True)) == {2}

    smtp.start()  # back after 45 seconds... or an hour: the next sweep past the backoff sends them
    sweep_at(DECIDED + dt.timedelta(hours=1))
    sweep_at(DECIDED + dt.timedelta(hours=3))
    assert smtp.inbox.recipients() == sorted(members)
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    assert all("Decision on your application" in e.content.decode() for e in smtp.inbox.envelopes)


@pytest.mark.django_db
def test_smtp_refusing_one_recipient_sends_the_others_once_and_that_one_later(
    settings, django_capture_on_commit_callbacks
):
    application = application_at(Status.AWAITING_DECISION, strand=priorities_strand())
    others = [application.applicant.email, member_of(application.organisation).email]
    refused = member_of(application.organisation).email
    OutboxEmail.objects.all().delete()  # the emails of the moves that brought the bid here
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "tests.outbox.support.RefusesOneAddress"
    RefusesOneAddress.refused = refused
    with freeze_time(DECIDED), django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            action="approve",
            actor=application.cast.panel,
            amount=Decimal("5000"),
            **decision_fields(application),
        )
    assert recipients() == sorted(others)
    for minutes in (2, 10, 60):  # the refused one is tried again; the others are not sent again
        sweep_at(DECIDED + dt.timedelta(minutes=minutes))
    assert recipients() == sorted(others)
    assert OutboxEmail.objects.get(recipient=refused).attempts == 4

    RefusesOneAddress.refused = "nobody"  # the mailbox has room again
    sweep_at(DECIDED + dt.timedelta(hours=3))
    sweep_at(DECIDED + dt.timedelta(hours=4))
    assert recipients() == sorted([*others, refused])


@pytest.fixture
def redis_down():
    """Celery publishes to a closed port, as when Redis is down. Tests run tasks eagerly otherwise."""
    saved = settings.CELERY_BROKER_URL
    celery_app.conf.task_always_eager = False
    point_broker_at(CLOSED_BROKER)
    yield
    point_broker_at(saved)
    celery_app.conf.task_always_eager = True


def redis_back():
    point_broker_at(settings.CELERY_BROKER_URL)
    celery_app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_redis_down_while_a_group_sends_its_application(client, redis_down):
    application = with_documents(draft(documents=False))
    second_member = member_of(application.organisation)
    client.force_login(application.applicant)
    client.raise_request_exception = False
    response = client.post(reverse("grants:check", args=[application.pk]), {"declaration": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:sent", args=[application.pk])
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert mail.outbox == []
    assert OutboxEmail.objects.filter(status="waiting").count() == 2

    redis_back()
    emails_sweep()
    emails_sweep()
    assert recipients() == sorted([application.applicant.email, second_member.email])


@pytest.mark.django_db(transaction=True)
def test_redis_down_while_a_councillor_approves_a_bid(client, redis_down):
    ward = Ward()
    bid = ward.bid(amount="2000.00")
    mail.outbox.clear()
    client.force_login(ward.councillors[0])
    client.raise_request_exception = False
    response = client.post(reverse("grants:councillor_approve", args=[bid.pk]), {"amount": "1500"})
    assert response.status_code == 302
    bid.refresh_from_db()
    assert (bid.status, bid.amount_awarded) == (Status.APPROVED, Decimal("1500.00"))
    assert client.get(response["Location"]).status_code == 200
    assert mail.outbox == []

    redis_back()
    emails_sweep()
    emails_sweep()
    # The decision, and the emails of the moves made while Redis was down, each arrive once.
    decisions = [m.to for m in mail.outbox if m.subject.startswith("Decision on your application")]
    assert decisions == [[bid.applicant.email]]
    assert len(mail.outbox) == OutboxEmail.objects.filter(status="sent").count() == OutboxEmail.objects.count()
