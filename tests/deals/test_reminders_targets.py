"""The target reminders, through the shared registry and its claims: a contact hears once when a target
is 30 days away with no figure for 90 days; a lead officer hears once when a partner's figure waits."""

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from deals import services
from grants.models import ReminderRule
from tests.deals.factories import CommitmentFactory, DealFactory, PartyFactory, TargetFactory
from tests.factories import officer
from tests.reminders.support import claims, sweep_at, uk

pytestmark = pytest.mark.django_db


def test_the_timings_are_seeded():
    rules = {
        (r.kind, r.days)
        for r in ReminderRule.objects.filter(kind__in=["target_update_wanted", "partner_updates_waiting"])
    }
    assert rules == {("target_update_wanted", 30), ("partner_updates_waiting", 2)}


@pytest.fixture
def target():
    deal = DealFactory(lead_officer=officer(), title="Employability Skills Project")
    party = PartyFactory(deal=deal, name="Local employers", contact_email="erin@employers.example.org")
    commitment = CommitmentFactory(deal=deal, party=party, contact_email=party.contact_email, due_date=None)
    return TargetFactory(
        commitment=commitment, baseline_date=dt.date(2026, 1, 1), target_date=dt.date(2027, 3, 31), target_number=15
    )


def test_a_contact_hears_once_thirty_days_before_a_quiet_target(target):
    sweep_at(uk(2027, 2, 28, 8))
    assert mail.outbox == []  # 31 days away
    sweep_at(uk(2027, 3, 1, 8))
    [email] = mail.outbox
    assert email.to == ["erin@employers.example.org"]
    assert "15 apprenticeships by 31 March 2027" in email.body
    sweep_at(uk(2027, 3, 2, 8))
    sweep_at(uk(2027, 3, 10, 8))
    assert len(mail.outbox) == 1 and claims("target_update_wanted").count() == 1


def test_no_reminder_when_a_figure_came_in_the_last_ninety_days(target):
    with freeze_time("2027-01-15"):
        services.target_update_record(target=target, achieved=4, actor=officer(), date=dt.date(2027, 1, 15))
    sweep_at(uk(2027, 3, 1, 8))
    assert mail.outbox == []


def test_the_lead_officer_hears_once_when_a_partners_figure_waits(target, django_user_model):
    contact = django_user_model.objects.create_user(email="erin@employers.example.org", password="x" * 12)
    lead = target.commitment.deal.lead_officer
    with freeze_time(uk(2026, 12, 1, 10)):
        invitation = services.partner_invite(
            party=target.commitment.party, name="Erin", email=contact.email, actor=lead
        )
        services.partner_invitation_accept(token=invitation.token, user=contact)
        update = services.target_update_report(target=target, achieved=6, user=contact)
    sweep_at(uk(2026, 12, 2, 8))
    assert mail.outbox == []
    sweep_at(uk(2026, 12, 3, 8))
    [email] = [m for m in mail.outbox if m.to == [lead.email]]
    assert "reported 6 apprenticeships" in email.body and "/admin/deals/targetupdate/" in email.body
    sweep_at(uk(2026, 12, 4, 8))
    assert len([m for m in mail.outbox if m.to == [lead.email]]) == 1
    # Accepted before its reminder is sent: nobody is told.
    with freeze_time(uk(2026, 12, 5, 10)):
        second = services.target_update_report(target=target, achieved=7, user=contact)
        services.target_update_accept(update=second, actor=lead)
    sweep_at(uk(2026, 12, 8, 8))
    assert len([m for m in mail.outbox if m.to == [lead.email]]) == 1
    assert update.pk
