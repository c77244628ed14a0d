"""Emails go out only after the move has committed, to the right people, in text and HTML."""

from decimal import Decimal

import pytest
from django.core import mail

from grants import services
from grants.models import Status
from tests.factories import application_at, draft, member_of, priorities_strand
from tests.grants.admin_factories import assessed

pytestmark = pytest.mark.django_db


def test_submitting_emails_every_member_of_the_group_once_the_transaction_commits(django_capture_on_commit_callbacks):
    application = draft()
    second_member = member_of(application.organisation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_transition(application=application, action="submit", actor=application.applicant)
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([application.applicant.email, second_member.email])
    message = mail.outbox[0]
    assert message.subject == f"We have received your application {application.reference}"
    assert application.reference in message.body
    assert f"/applications/{application.pk}/" in message.body  # straight to their application's page
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and application.reference in html
    assert message.reply_to == ["grants@knowsley.gov.uk"]


def test_a_refused_move_sends_nothing():
    application = application_at(Status.SUBMITTED)
    mail.outbox.clear()
    with pytest.raises(services.ActionForbidden):
        services.application_transition(application=application, action="start_assessment", actor=application.applicant)
    assert mail.outbox == []


def test_an_information_request_reaches_the_group_and_the_answer_reaches_the_officer_who_asked(
    django_capture_on_commit_callbacks,
):
    application = application_at(Status.IN_ASSESSMENT)
    officer = application.cast.officer
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application, action="request_info", actor=officer, reason="Send a quote for the benches."
        )
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
    assert "Send a quote for the benches." in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application, action="answer_info", actor=application.applicant, reason="Quote attached: £900."
        )
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Quote attached: £900." in mail.outbox[0].body
    assert f"/admin/grants/application/{application.pk}/change/" in mail.outbox[0].body


def test_a_recommended_environmental_bid_tells_the_ward_councillors(django_capture_on_commit_callbacks):
    application = application_at(Status.IN_ASSESSMENT)
    assessed(application, application.cast.officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application, action="recommend", actor=application.cast.officer, amount=Decimal("4000")
        )
    assert [m.to for m in mail.outbox] == [[application.cast.councillor.email]]
    assert application.ward.name in mail.outbox[0].subject


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_the_group_hears_the_decision_and_the_reason(action, django_capture_on_commit_callbacks):
    application = application_at(Status.AWAITING_DECISION, strand=priorities_strand())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            action=action,
            actor=application.cast.panel,
            reason="Strong local support" if action == "approve" else "Outside the priorities",
            amount=Decimal("4000.00") if action == "approve" else None,
            minute_reference="PAN/2026/2",
        )
    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert message.subject == f"Decision on your application {application.reference}"
    if action == "approve":
        assert "£4,000" in message.body and "approved" in message.body
    else:
        assert "has not been approved" in message.body and "Outside the priorities" in message.body
