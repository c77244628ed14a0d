"""Each kind of reminder with a frozen clock: due, not yet due, and already done."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from freezegun import freeze_time

from grants import services
from grants.models import Application, ReminderRule, Status
from tests.factories import RoundFactory, StrandFactory, application_at, draft, member_of, officer
from tests.grants.admin_factories import assessed
from tests.reminders.support import claims, sent_to, sweep_at, uk

pytestmark = pytest.mark.django_db

CLOSES = uk(2027, 3, 19, 17)  # a Friday


@pytest.fixture
def closing_draft():
    """A draft in a round that closes at 5pm on Friday 19 March 2027, with two members in its group."""
    with freeze_time(uk(2027, 3, 1, 10)):
        round_ = RoundFactory(strand=StrandFactory(), opens_at=uk(2027, 2, 1), closes_at=CLOSES)
        application = draft(strand=round_.strand)
        application.other_member = member_of(application.organisation)
    mail.outbox.clear()
    return application


def test_the_timings_are_seeded_with_the_issues_defaults():
    rules = {(r.kind, r.days, r.weekday) for r in ReminderRule.objects.all()}
    assert rules >= {
        ("draft_round_closing", 7, None),
        ("draft_round_closing", 1, None),
        ("information_unanswered", 7, None),
        ("officer_digest", 10, None),
        ("councillor_digest", 5, 0),
    }


class TestDraftsAsTheRoundCloses:
    def test_not_due_before_8am_seven_days_before_closing(self, closing_draft):
        sweep_at(uk(2027, 3, 11, 23))
        sweep_at(uk(2027, 3, 12, 7, 59))
        assert mail.outbox == []

    def test_every_member_hears_seven_days_before_then_one_day_before(self, closing_draft):
        members = sorted([closing_draft.applicant.email, closing_draft.other_member.email])
        sweep_at(uk(2027, 3, 12, 8, 0))
        assert sent_to() == members
        message = mail.outbox[0]
        assert closing_draft.reference in message.subject and "19 March" in message.subject
        assert "5:00 p.m. on Friday 19 March 2027" in message.body
        assert f"http://127.0.0.1:8000/applications/{closing_draft.pk}/" in message.body  # where they finish it
        # Each email goes to one member only: nobody sees another's address.
        assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)

        mail.outbox.clear()
        sweep_at(uk(2027, 3, 15, 9))  # between the two: nothing new
        assert mail.outbox == []
        sweep_at(uk(2027, 3, 18, 8, 15))
        assert sent_to() == members
        assert [c.due_date for c in claims("draft_round_closing")] == [
            dt.date(2027, 3, 12),
            dt.date(2027, 3, 18),
        ] * 2

    def test_a_draft_started_late_gets_only_the_nearest_reminder(self, closing_draft):
        sweep_at(uk(2027, 3, 18, 10))  # the seven-day reminder was never sent: too late for it now
        assert sent_to() == sorted([closing_draft.applicant.email, closing_draft.other_member.email])
        assert {c.due_date for c in claims("draft_round_closing")} == {dt.date(2027, 3, 18)}

    def test_a_sent_application_is_not_reminded(self, closing_draft):
        with freeze_time(uk(2027, 3, 5, 12)):
            services.application_transition(application=closing_draft, action="submit", actor=closing_draft.applicant)
        mail.outbox.clear()
        sweep_at(uk(2027, 3, 12, 8))
        sweep_at(uk(2027, 3, 18, 8))
        assert mail.outbox == []

    def test_nothing_after_the_round_has_closed(self, closing_draft):
        sweep_at(uk(2027, 3, 19, 17, 1))
        assert mail.outbox == []

    def test_officers_can_turn_a_timing_off(self, closing_draft):
        ReminderRule.objects.filter(kind="draft_round_closing", days=7).update(enabled=False)
        sweep_at(uk(2027, 3, 12, 8))
        assert mail.outbox == []


@pytest.fixture
def info_requested():
    with freeze_time(uk(2027, 3, 1, 10)):
        application = application_at(Status.IN_ASSESSMENT)
        services.application_transition(
            application=application,
            action="request_info",
            actor=application.cast.officer,
            reason="Please send a quote for the benches.",
        )
    mail.outbox.clear()
    return application


class TestUnansweredInformationRequests:
    def test_not_due_before_seven_days(self, info_requested):
        sweep_at(uk(2027, 3, 7, 20))
        sweep_at(uk(2027, 3, 8, 7, 59))
        assert mail.outbox == []

    def test_due_seven_days_after_the_question(self, info_requested):
        sweep_at(uk(2027, 3, 8, 8))
        (message,) = mail.outbox
        assert message.to == [info_requested.applicant.email]
        assert "Please send a quote for the benches." in message.body
        assert "1 March 2027" in message.body
        assert f"http://127.0.0.1:8000/applications/{info_requested.pk}/answer/" in message.body
        # The officer who asked is not named: their address is nobody else's business.
        assert info_requested.cast.officer.email not in message.body
        assert info_requested.cast.officer.email not in message.alternatives[0][0]

    def test_an_answered_request_is_not_reminded(self, info_requested):
        with freeze_time(uk(2027, 3, 4, 10)):
            services.application_transition(
                application=info_requested, action="answer_info", actor=info_requested.applicant, reason="Attached."
            )
        mail.outbox.clear()
        sweep_at(uk(2027, 3, 8, 8))
        assert mail.outbox == []

    def test_a_second_question_gets_its_own_reminder(self, info_requested):
        sweep_at(uk(2027, 3, 8, 8))
        with freeze_time(uk(2027, 3, 9, 10)):
            services.application_transition(
                application=info_requested, action="answer_info", actor=info_requested.applicant, reason="Here."
            )
            services.application_transition(
                application=info_requested,
                action="request_info",
                actor=info_requested.cast.officer,
                reason="And the bank statement, please.",
            )
        mail.outbox.clear()
        sweep_at(uk(2027, 3, 15, 8))
        assert mail.outbox == []
        sweep_at(uk(2027, 3, 16, 8))
        (message,) = mail.outbox
        assert "And the bank statement, please." in message.body


@pytest.fixture
def waiting_bids():
    """Two bids sent on Monday 1 March 2027, not assessed; officers: the cast's and one more."""
    with freeze_time(uk(2027, 3, 1, 10)):
        first = application_at(Status.SUBMITTED)
        second = application_at(Status.SUBMITTED, cast=first.cast)
        another = officer()
    mail.outbox.clear()
    return first, second, another


class TestOfficersDailyDigest:
    def test_a_bid_whose_assessment_is_finished_is_left_out(self, waiting_bids):
        first, second, _ = waiting_bids
        with freeze_time(uk(2027, 3, 10, 10)):
            services.application_transition(application=first, action="start_assessment", actor=first.cast.officer)
            assessed(first, first.cast.officer)
        sweep_at(uk(2027, 3, 15, 8))
        assert mail.outbox and all(second.reference in m.body for m in mail.outbox)
        assert not any(first.reference in m.body for m in mail.outbox)

    def test_not_due_before_ten_working_days(self, waiting_bids):
        sweep_at(uk(2027, 3, 12, 9))  # nine working days
        sweep_at(uk(2027, 3, 15, 7, 59))  # ten, but before 8am
        assert mail.outbox == []

    def test_unassigned_bids_go_to_every_officer_as_one_email_each(self, waiting_bids):
        first, second, another = waiting_bids
        sweep_at(uk(2027, 3, 15, 8))
        assert sent_to() == sorted([first.cast.officer.email, another.email])
        message = mail.outbox[0]
        assert "2 bids" in message.subject
        assert first.reference in message.body and second.reference in message.body
        assert f"/admin/grants/application/{first.pk}/change/" in message.body
        assert "Not assigned to anyone yet" in message.body

    def test_an_assigned_bid_goes_to_its_officer_only(self, waiting_bids):
        first, second, another = waiting_bids
        Application.objects.filter(pk__in=[first.pk, second.pk]).update(assigned_officer=another)
        sweep_at(uk(2027, 3, 15, 8))
        (message,) = mail.outbox
        assert message.to == [another.email]
        assert "Assigned to you" in message.body and "Not assigned" not in message.body

    def test_once_a_working_day_and_not_at_weekends(self, waiting_bids):
        first, *_ = waiting_bids
        sweep_at(uk(2027, 3, 15, 8))
        sweep_at(uk(2027, 3, 15, 16))
        assert len(mail.outbox) == 2  # one each for two officers
        sweep_at(uk(2027, 3, 16, 8))
        assert len(mail.outbox) == 4
        mail.outbox.clear()
        sweep_at(uk(2027, 3, 20, 10))  # Saturday
        assert mail.outbox == []

    def test_bank_holidays_are_not_working_days(self):
        # Sent on Thursday 25 March 2027: Good Friday and Easter Monday are bank holidays.
        with freeze_time(uk(2027, 3, 25, 10)):
            application_at(Status.SUBMITTED)
        mail.outbox.clear()
        sweep_at(uk(2027, 4, 9, 8))  # nine working days
        assert mail.outbox == []
        sweep_at(uk(2027, 4, 12, 8))
        assert len(mail.outbox) == 1

    def test_assessed_bids_are_left_out(self, waiting_bids):
        first, second, _ = waiting_bids
        with freeze_time(uk(2027, 3, 10, 10)):
            for bid in (first, second):
                services.application_transition(application=bid, action="start_assessment", actor=first.cast.officer)
                assessed(bid, first.cast.officer)
                services.application_transition(
                    application=bid, action="recommend", actor=first.cast.officer, amount=Decimal("4000")
                )
        mail.outbox.clear()
        sweep_at(uk(2027, 3, 15, 8))
        assert mail.outbox == []


@pytest.fixture
def awaiting_councillor():
    """An environmental bid recommended on Wednesday 3 March 2027."""
    with freeze_time(uk(2027, 3, 1, 10)):
        application = application_at(Status.IN_ASSESSMENT)
    with freeze_time(uk(2027, 3, 3, 10)):
        assessed(application, application.cast.officer)
        services.application_transition(
            application=application, action="recommend", actor=application.cast.officer, amount=Decimal("4000")
        )
    mail.outbox.clear()
    return application


class TestCouncillorsWeeklyDigest:
    def test_not_due_before_five_days_on_the_monday(self, awaiting_councillor):
        sweep_at(uk(2027, 3, 8, 8))  # Monday: waited 4 days 22 hours
        sweep_at(uk(2027, 3, 10, 8))  # Wednesday: the week's digest is judged as of Monday
        sweep_at(uk(2027, 3, 15, 7, 59))
        assert mail.outbox == []

    def test_due_on_the_monday_once_it_has_waited_five_days(self, awaiting_councillor):
        sweep_at(uk(2027, 3, 15, 8))
        (message,) = mail.outbox
        assert message.to == [awaiting_councillor.cast.councillor.email]
        assert awaiting_councillor.reference in message.body
        assert awaiting_councillor.ward.name in message.body
        assert "http://127.0.0.1:8000/councillors/" in message.body  # where they decide
        sweep_at(uk(2027, 3, 16, 8))
        assert len(mail.outbox) == 1  # weekly, not daily
        sweep_at(uk(2027, 3, 22, 8))
        assert len(mail.outbox) == 2

    def test_a_week_whose_monday_was_missed_still_gets_its_digest(self, awaiting_councillor):
        sweep_at(uk(2027, 3, 17, 11))
        assert len(mail.outbox) == 1
        assert claims("councillor_digest").get().due_date == dt.date(2027, 3, 15)

    def test_other_wards_councillors_and_decided_bids_are_left_out(self, awaiting_councillor):
        from tests.factories import WardFactory, councillor

        councillor(WardFactory())
        with freeze_time(uk(2027, 3, 12, 10)):
            services.application_transition(
                application=awaiting_councillor,
                action="decline",
                actor=awaiting_councillor.cast.councillor,
                reason="Not this year",
            )
        mail.outbox.clear()
        sweep_at(uk(2027, 3, 15, 8))
        assert mail.outbox == []


def test_a_councillor_with_an_interest_in_the_bid_is_not_asked_to_decide_it(awaiting_councillor):
    from grants.models import Councillor, InterestDeclaration
    from tests.factories import councillor

    colleague = councillor(awaiting_councillor.ward)
    InterestDeclaration.objects.create(
        application=awaiting_councillor,
        councillor=Councillor.objects.get(user=awaiting_councillor.cast.councillor),
        kind=InterestDeclaration.Kind.TRUSTEE_OR_MEMBER,
    )
    sweep_at(uk(2027, 3, 15, 8))
    (message,) = mail.outbox
    assert message.to == [colleague.user.email]
