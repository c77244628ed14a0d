"""Overdue means one thing everywhere (issue 21): the status rule in deals/progress.py. A commitment whose
own date is still ahead is overdue once one of its targets has passed its date without being met, and the
admin filters and the overdue reminders must say so too, not only the pages."""

import datetime as dt
import itertools

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from deals.models import Commitment, Deal
from deals.progress import Progress, commitment_progress
from tests.deals.factories import CommitmentFactory, DealFactory, PartyFactory, TargetFactory, deals_officer
from tests.factories import officer
from tests.reminders.support import claims, sent_to, sweep_at, uk

pytestmark = pytest.mark.django_db

S = Commitment.Status


def late_target(commitment, *, today, achieved=10, days_late=5):
    return TargetFactory(
        commitment=commitment,
        target_number=300,
        achieved=achieved,
        baseline_date=today - dt.timedelta(days=200),
        target_date=today - dt.timedelta(days=days_late),
    )


def test_the_database_and_the_status_rule_agree_on_every_kind_of_commitment():
    today = timezone.localdate()
    days = dt.timedelta(days=1)
    made = []
    for status, due, target in itertools.product(
        S.values, [None, today - days, today, today + 30 * days], ["none", "late", "late_met", "ahead"]
    ):
        commitment = CommitmentFactory(status=status, due_date=due)
        if target in ("late", "late_met"):
            late_target(commitment, today=today, achieved=300 if target == "late_met" else 10)
        elif target == "ahead":
            TargetFactory(commitment=commitment, target_date=today + 40 * days, baseline_date=today - 40 * days)
        made.append(commitment)
    by_rule = {c.pk for c in made if commitment_progress(c, today=today) == Progress.OVERDUE}
    assert len(by_rule) == 21  # three open statuses x (4 late targets + 4 past due - 1 both): a real mix
    assert set(Commitment.objects.overdue(today).values_list("pk", flat=True)) == by_rule
    with_overdue = set(Deal.objects.with_overdue_commitments(today).values_list("pk", flat=True))
    assert with_overdue == {c.deal_id for c in made if c.pk in by_rule}


@pytest.fixture
def officer_client(client):
    client.force_login(deals_officer())
    return client


def test_the_admin_overdue_filters_count_a_target_past_its_date(officer_client):
    today = timezone.localdate()
    behind = DealFactory(title="Behind on apprenticeships")
    late_target(
        CommitmentFactory(deal=behind, description="300 apprenticeships", due_date=today + dt.timedelta(30)),
        today=today,
    )
    met = DealFactory(title="Met its target")
    late_target(
        CommitmentFactory(deal=met, description="Met", due_date=today + dt.timedelta(30)), today=today, achieved=300
    )

    deals = officer_client.get(reverse("admin:deals_deal_changelist"), {"overdue": "yes"})
    assert {d.title for d in deals.context["cl"].result_list} == {"Behind on apprenticeships"}
    fine = officer_client.get(reverse("admin:deals_deal_changelist"), {"overdue": "no"})
    assert {d.title for d in fine.context["cl"].result_list} == {"Met its target"}
    commitments = officer_client.get(reverse("admin:deals_commitment_changelist"), {"overdue": "yes"})
    assert {c.description for c in commitments.context["cl"].result_list} == {"300 apprenticeships"}


def test_an_overdue_target_brings_the_overdue_reminder_once_the_day_after_its_date():
    lead = officer()
    deal = DealFactory(lead_officer=lead, review_date=dt.date(2027, 12, 1), title="Jobs for Kirkby")
    party = PartyFactory(deal=deal, name="Kirkby traders", contact_email="traders@example.org")
    commitment = CommitmentFactory(
        deal=deal, party=party, contact_email=party.contact_email, due_date=dt.date(2027, 9, 30), description="Hire"
    )
    TargetFactory(
        commitment=commitment,
        target_number=30,
        achieved=12,
        baseline_date=dt.date(2026, 9, 1),
        target_date=dt.date(2027, 3, 10),
    )
    sweep_at(uk(2027, 3, 11, 7, 59))
    assert mail.outbox == []
    sweep_at(uk(2027, 3, 11, 8))
    assert sent_to() == sorted(["traders@example.org", lead.email])
    assert all(m.subject.startswith("Overdue since 10 March 2027") for m in mail.outbox)
    assert "12 of 30 apprenticeships" in mail.outbox[0].body
    sweep_at(uk(2027, 3, 18, 8))
    assert len(mail.outbox) == 2
    assert {c.due_date for c in claims("commitment_overdue")} == {dt.date(2027, 3, 11)}


def test_a_target_met_before_the_reminder_goes_is_not_chased():
    lead = officer()
    deal = DealFactory(lead_officer=lead, review_date=dt.date(2027, 12, 1))
    commitment = CommitmentFactory(deal=deal, contact_email="traders@example.org", due_date=dt.date(2027, 9, 30))
    TargetFactory(
        commitment=commitment,
        target_number=30,
        achieved=30,
        baseline_date=dt.date(2026, 9, 1),
        target_date=dt.date(2027, 3, 10),
    )
    sweep_at(uk(2027, 3, 11, 8))
    assert mail.outbox == []


def test_the_admin_lists_show_the_one_status_not_the_recorded_one(officer_client):
    """An officer marked it on track; it is past its date: the lists say Overdue, and never both."""
    today = timezone.localdate()
    deal = DealFactory(title="Tidy streets")
    CommitmentFactory(
        deal=deal, description="Sweep the precinct", status=S.ON_TRACK, due_date=today - dt.timedelta(days=2)
    )
    row_page = officer_client.get(reverse("admin:deals_commitment_changelist")).content.decode()
    row = row_page[row_page.index("Sweep the precinct") :]
    row = row[: row.index("</tr>")]
    assert "Overdue" in row and "On track" not in row
    deal_page = officer_client.get(reverse("admin:deals_deal_change", args=[deal.pk])).content.decode()
    inline = deal_page[deal_page.index('id="commitments-group"') :]
    inline = inline[: inline.index("</fieldset>")]
    assert "Overdue" in inline and "On track" not in inline
