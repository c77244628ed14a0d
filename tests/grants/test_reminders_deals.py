"""Deal reminders (deals/reminders.py) with a frozen clock: commitments due soon and overdue, to the
commitment's contact and the deal's lead officer; reviews coming up, to the lead officer."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from deals.models import Commitment, Deal
from grants.models import ReminderRule
from kbt.reminders import tasks
from kbt.reminders.services import reminders_sweep
from tests.deals.factories import CommitmentFactory, DealFactory, PartyFactory
from tests.factories import officer
from tests.reminders.support import claims, sent_to, sweep_at, uk

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return officer()


def commitment(lead, *, due, deal_status=Deal.Status.ACTIVE, **kwargs):
    deal = DealFactory(lead_officer=lead, status=deal_status, review_date=dt.date(2027, 12, 1))
    party = PartyFactory(deal=deal, name="Kirkby traders", contact_email="traders@example.org")
    return CommitmentFactory(
        deal=deal, party=party, contact_email=party.contact_email, due_date=due, description="Sweep the precinct"
    )


def test_the_deals_timings_are_seeded():
    kinds = ["commitment_due_soon", "commitment_overdue", "deal_review_due"]
    rules = {(r.kind, r.days) for r in ReminderRule.objects.filter(kind__in=kinds)}
    assert rules == {("commitment_due_soon", 14), ("commitment_overdue", 1), ("deal_review_due", 14)}


class TestCommitmentsDueSoon:
    def test_not_due_before_fourteen_days(self, lead):
        commitment(lead, due=dt.date(2027, 3, 29))
        sweep_at(uk(2027, 3, 15, 7, 59))
        assert mail.outbox == []

    def test_the_contact_and_the_lead_officer_hear_fourteen_days_before(self, lead):
        item = commitment(lead, due=dt.date(2027, 3, 29))
        sweep_at(uk(2027, 3, 15, 8))
        assert sent_to() == sorted(["traders@example.org", lead.email])
        to_contact = next(m for m in mail.outbox if m.to == ["traders@example.org"])
        to_lead = next(m for m in mail.outbox if m.to == [lead.email])
        assert "Sweep the precinct" in to_contact.body and "29 March 2027" in to_contact.body
        assert f"/deals/{item.deal.slug}/" in to_contact.body
        # The contact is not shown the officer's address, nor sent to the officers' site.
        assert lead.email not in to_contact.body and lead.email not in to_contact.alternatives[0][0]
        assert "/admin/" not in to_contact.body
        assert f"/admin/deals/commitment/{item.pk}/change/" in to_lead.body
        sweep_at(uk(2027, 3, 16, 8))
        assert len(mail.outbox) == 2  # once

    def test_done_commitments_and_deals_not_live_are_left_out(self, lead):
        done = commitment(lead, due=dt.date(2027, 3, 29))
        Commitment.objects.filter(pk=done.pk).update(status=Commitment.Status.DONE, completed_on=dt.date(2027, 3, 1))
        commitment(lead, due=dt.date(2027, 3, 29), deal_status=Deal.Status.PROPOSED)
        sweep_at(uk(2027, 3, 15, 8))
        assert mail.outbox == []


class TestCommitmentsOverdue:
    def test_the_day_after_the_due_date_and_only_once(self, lead):
        commitment(lead, due=dt.date(2027, 3, 10))
        sweep_at(uk(2027, 3, 11, 7, 59))
        assert mail.outbox == []
        sweep_at(uk(2027, 3, 11, 8))
        assert sent_to() == sorted(["traders@example.org", lead.email])
        assert all(m.subject.startswith("Overdue since 10 March 2027") for m in mail.outbox)
        assert "not yet marked done" in mail.outbox[0].body
        sweep_at(uk(2027, 3, 18, 8))
        assert len(mail.outbox) == 2
        assert {c.due_date for c in claims("commitment_overdue")} == {dt.date(2027, 3, 11)}

    def test_a_commitment_done_before_the_reminder_goes_is_not_chased(self, lead):
        item = commitment(lead, due=dt.date(2027, 3, 10))
        Commitment.objects.filter(pk=item.pk).update(status=Commitment.Status.DONE, completed_on=dt.date(2027, 3, 10))
        sweep_at(uk(2027, 3, 11, 8))
        assert mail.outbox == []


class TestReviews:
    def test_the_lead_officer_hears_fourteen_days_before_the_review(self, lead):
        deal = DealFactory(lead_officer=lead, review_date=dt.date(2027, 3, 29), title="Tidy Tower Hill")
        sweep_at(uk(2027, 3, 14, 20))
        assert mail.outbox == []
        sweep_at(uk(2027, 3, 15, 8))
        (message,) = mail.outbox
        assert message.to == [lead.email]
        assert "Tidy Tower Hill" in message.subject and "29 March 2027" in message.subject
        assert f"/admin/deals/deal/{deal.pk}/change/" in message.body

    def test_a_moved_review_date_brings_a_new_reminder_and_a_finished_deal_none(self, lead):
        deal = DealFactory(lead_officer=lead, review_date=dt.date(2027, 3, 29))
        sweep_at(uk(2027, 3, 15, 8))
        Deal.objects.filter(pk=deal.pk).update(review_date=dt.date(2027, 4, 12))
        sweep_at(uk(2027, 3, 29, 8))
        assert len(mail.outbox) == 2
        Deal.objects.filter(pk=deal.pk).update(review_date=dt.date(2027, 4, 26), status=Deal.Status.COMPLETED)
        sweep_at(uk(2027, 4, 12, 8))
        assert len(mail.outbox) == 2


def test_deal_reminders_run_a_fixed_number_of_queries(lead, monkeypatch):
    from django.contrib.contenttypes.models import ContentType

    monkeypatch.setattr(tasks.send_reminders, "delay", lambda ids: None)
    ContentType.objects.get_for_models(Commitment, Deal)

    def make(count):
        for _ in range(count):
            commitment(lead, due=dt.date(2027, 3, 20))
            commitment(lead, due=dt.date(2027, 3, 1))
            DealFactory(lead_officer=lead, review_date=dt.date(2027, 3, 22))

    make(1)
    with freeze_time(uk(2027, 3, 15, 9)), CaptureQueriesContext(connection) as few:
        few_due = reminders_sweep().due
    make(5)
    with freeze_time(uk(2027, 3, 15, 9, 15)), CaptureQueriesContext(connection) as many:
        many_due = reminders_sweep().due
    assert few_due >= 5 and many_due > 5 * few_due
    assert len(many) == len(few)
