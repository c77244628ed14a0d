"""The query methods reminders and pages rely on: open, due between, overdue, live reviews."""

import datetime as dt

import pytest
from django.db import IntegrityError

from deals.models import Commitment, Deal, Principle
from tests.deals.factories import TODAY, CommitmentFactory, DealFactory

pytestmark = pytest.mark.django_db

S = Commitment.Status


def days(n):
    return TODAY + dt.timedelta(days=n)


def test_the_seven_co_operative_principles_are_seeded_as_data():
    assert list(Principle.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert Principle.objects.get(slug="prevention").name == "Prevent problems occurring or stop them getting worse"


def test_open_due_between_and_overdue():
    late = CommitmentFactory(due_date=days(-1), status=S.AT_RISK)
    soon = CommitmentFactory(due_date=days(14), status=S.NOT_STARTED)
    later = CommitmentFactory(due_date=days(15), status=S.ON_TRACK)
    CommitmentFactory(due_date=days(-5), status=S.DONE)
    CommitmentFactory(due_date=days(3), status=S.DROPPED)
    CommitmentFactory(due_date=None, status=S.ON_TRACK)

    assert set(Commitment.objects.open().due_between(TODAY, days(14))) == {soon}
    assert set(Commitment.objects.overdue(TODAY)) == {late}
    assert set(Commitment.objects.open().filter(due_date__isnull=False)) == {late, soon, later}


def test_in_live_deals_leaves_out_proposed_completed_and_lapsed_deals():
    live = CommitmentFactory(due_date=days(-1), deal=DealFactory(status=Deal.Status.AGREED))
    for status in (Deal.Status.PROPOSED, Deal.Status.COMPLETED, Deal.Status.LAPSED):
        CommitmentFactory(due_date=days(-1), deal=DealFactory(status=status))
    assert list(Commitment.objects.overdue(TODAY).in_live_deals()) == [live]


def test_reviews_due_and_overdue_are_of_live_deals_only():
    due = DealFactory(review_date=days(10), status=Deal.Status.ACTIVE)
    overdue = DealFactory(review_date=days(-2), status=Deal.Status.AGREED)
    DealFactory(review_date=days(10), status=Deal.Status.COMPLETED)
    DealFactory(review_date=days(20), status=Deal.Status.ACTIVE)
    assert list(Deal.objects.review_due_between(TODAY, days(14))) == [due]
    assert list(Deal.objects.review_overdue(TODAY)) == [overdue]


def test_deals_with_and_without_overdue_commitments():
    behind = CommitmentFactory(due_date=days(-3)).deal
    CommitmentFactory(deal=behind, due_date=days(-3))  # two overdue: the deal is still listed once
    fine = CommitmentFactory(due_date=days(3)).deal
    finished = CommitmentFactory(due_date=days(-3), status=S.DONE).deal
    assert list(Deal.objects.with_overdue_commitments(TODAY)) == [behind]
    assert set(Deal.objects.without_overdue_commitments(TODAY)) == {fine, finished}


def test_commitment_counts_leave_dropped_ones_out():
    deal = DealFactory()
    CommitmentFactory(deal=deal, status=S.DONE)
    CommitmentFactory(deal=deal, due_date=days(-1))
    CommitmentFactory(deal=deal, due_date=days(1))
    CommitmentFactory(deal=deal, status=S.DROPPED, due_date=days(-1))
    counted = Deal.objects.with_commitment_counts(TODAY).get(pk=deal.pk)
    assert (counted.commitment_count, counted.done_count, counted.overdue_count) == (3, 1, 1)


def test_the_database_refuses_a_deal_that_ends_before_it_starts():
    with pytest.raises(IntegrityError):
        DealFactory(start_date=days(10), end_date=days(1))


def test_the_database_refuses_a_completion_date_on_an_unfinished_commitment():
    with pytest.raises(IntegrityError):
        CommitmentFactory(status=S.ON_TRACK, completed_on=TODAY)


def test_reminder_queries_can_use_their_partial_indexes():
    from django.db import connection

    CommitmentFactory(due_date=days(3))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "commitment_open_due_idx" in Commitment.objects.open().due_between(TODAY, days(14)).explain()
    assert "commitment_open_due_idx" in Commitment.objects.overdue(TODAY).explain()
    assert "deal_live_review_idx" in Deal.objects.review_due_between(TODAY, days(14)).explain()
