"""The one status rule: a commitment or a target is on track, at risk, overdue or achieved, from its
dates and its accepted figures, and every page shows that one status."""

import datetime as dt

import pytest

from deals.models import Commitment
from deals.progress import Progress, commitment_progress, target_progress
from tests.deals.factories import TODAY, CommitmentFactory, DealFactory, PartyFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_a_commitment_past_its_date_shows_one_status_not_on_track_and_overdue(client):
    deal = DealFactory()
    party = PartyFactory(deal=deal)
    CommitmentFactory(
        deal=deal,
        party=party,
        description="Mend the bins",
        status=Commitment.Status.ON_TRACK,
        due_date=dt.date.today() - dt.timedelta(days=3),
    )
    page = client.get(deal.get_absolute_url()).content.decode()
    section = page[page.index("Partners will…") : page.index("Together we will…")]
    assert "Overdue" in section
    assert "On track" not in section


def target(**kwargs):
    values = {
        "target_number": 300,
        "baseline": 0,
        "baseline_date": TODAY - dt.timedelta(days=100),
        "target_date": TODAY + dt.timedelta(days=100),
        "achieved": 0,
    }
    return TargetFactory(**{**values, **kwargs})


@pytest.mark.parametrize(
    ("achieved", "expected"),
    [
        (300, Progress.ACHIEVED),
        (320, Progress.ACHIEVED),
        (150, Progress.ON_TRACK),
        (121, Progress.ON_TRACK),
        (119, Progress.AT_RISK),
        (0, Progress.AT_RISK),
    ],
)
def test_a_target_half_way_through_its_time(achieved, expected):
    assert target_progress(target(achieved=achieved), today=TODAY) == expected


def test_a_target_past_its_date_is_overdue_unless_achieved():
    late = target(achieved=299, target_date=TODAY - dt.timedelta(days=1))
    assert target_progress(late, today=TODAY) == Progress.OVERDUE
    late.achieved = 300
    assert target_progress(late, today=TODAY) == Progress.ACHIEVED


def test_a_commitment_shows_the_worst_of_its_targets_and_its_own_dates():
    behind = target(achieved=10)
    commitment = behind.commitment
    target(commitment=commitment, achieved=200)
    assert commitment_progress(commitment, today=TODAY) == Progress.AT_RISK
    commitment.due_date = TODAY - dt.timedelta(days=1)
    assert commitment_progress(commitment, today=TODAY) == Progress.OVERDUE
    commitment.status = Commitment.Status.DONE
    assert commitment_progress(commitment, today=TODAY) == Progress.ACHIEVED
    commitment.status = Commitment.Status.DROPPED
    assert commitment_progress(commitment, today=TODAY) == Progress.DROPPED


def test_a_commitment_without_targets_keeps_its_recorded_status_until_it_is_late():
    commitment = CommitmentFactory(status=Commitment.Status.NOT_STARTED, due_date=TODAY + dt.timedelta(days=5))
    assert commitment_progress(commitment, today=TODAY) == Progress.NOT_STARTED
    assert commitment_progress(commitment, today=TODAY + dt.timedelta(days=6)) == Progress.OVERDUE
