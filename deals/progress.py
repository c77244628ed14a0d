"""The one rule for how a target or a commitment is going: on track, at risk, overdue or achieved.
Every page, admin list, email and roll-up asks these functions; none works a status out itself."""

import datetime as dt

from django.db import models

# Behind the straight line from the baseline to the target by more than this share of the gap: at risk.
AT_RISK_MARGIN = 0.10


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OVERDUE = "overdue", "Overdue"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


# Worst first: a commitment shows the worst of its targets and its own dates.
SEVERITY = {
    Progress.OVERDUE: 5,
    Progress.AT_RISK: 4,
    Progress.NOT_STARTED: 3,
    Progress.ON_TRACK: 2,
    Progress.ACHIEVED: 1,
    Progress.DROPPED: 0,
}


def target_progress(target, *, today: dt.date) -> Progress:
    """Achieved once the accepted figure reaches the target; overdue once the target date has passed
    without it; at risk when the figure is behind the straight line from baseline to target by more
    than a tenth of the gap; otherwise on track."""
    if target.achieved >= target.target_number:
        return Progress.ACHIEVED
    if today > target.target_date:
        return Progress.OVERDUE
    total_days = (target.target_date - target.baseline_date).days
    elapsed = min(max((today - target.baseline_date).days, 0), total_days)
    gap = target.target_number - target.baseline
    expected = target.baseline + gap * elapsed / total_days
    if target.achieved < expected - gap * AT_RISK_MARGIN:
        return Progress.AT_RISK
    return Progress.ON_TRACK


def commitment_progress(commitment, *, today: dt.date) -> Progress:
    """One status for a commitment, from its targets (loaded with it), its due date and what an officer
    recorded: dropped and done stand; otherwise the worst of its targets' statuses, overdue when its due
    date has passed, and at risk when an officer said so."""
    from .models import Commitment

    if commitment.status == Commitment.Status.DROPPED:
        return Progress.DROPPED
    if commitment.status == Commitment.Status.DONE:
        return Progress.ACHIEVED
    statuses = [target_progress(target, today=today) for target in commitment.targets.all()]
    if commitment.due_date is not None and commitment.due_date < today:
        statuses.append(Progress.OVERDUE)
    if commitment.status == Commitment.Status.AT_RISK:
        statuses.append(Progress.AT_RISK)
    if not statuses:
        return Progress.NOT_STARTED if commitment.status == Commitment.Status.NOT_STARTED else Progress.ON_TRACK
    return max(statuses, key=SEVERITY.__getitem__)
