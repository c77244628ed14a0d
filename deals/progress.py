"""The one rule for how a target or a commitment is going: on track, at risk, overdue or achieved.
Every page, admin list, email and roll-up asks these functions; none works a status out itself.
The models' query methods ask this module, so it reads the models through the app registry, not imports."""

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Least

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
    Commitment = apps.get_model("deals", "Commitment")

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


# The same rule in the database, for admin filters, counts and reminders, which pick commitments out of
# many: tests/deals/test_overdue_one_rule.py checks that both forms agree on every kind of commitment.


def target_overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Targets overdue by `target_progress`: past their date and not reached."""
    return Q(**{f"{prefix}target_date__lt": today, f"{prefix}achieved__lt": F(f"{prefix}target_number")})


def commitment_overdue_q(today: dt.date) -> Q:
    """Commitments whose `commitment_progress` is overdue: still open (neither done nor dropped), and past
    their own due date or with a target past its date and not reached."""
    Commitment, Target = apps.get_model("deals", "Commitment"), apps.get_model("deals", "Target")

    late_target = Target.objects.filter(target_overdue_q(today), commitment=OuterRef("pk"))
    return Q(status__in=Commitment.OPEN_STATUSES) & (Q(due_date__lt=today) | Exists(late_target))


def overdue_since(commitment) -> dt.date | None:
    """The date from which an open commitment counts as overdue (the day after it, it is): the earliest of
    its due date and its unreached targets' dates. None when it has neither."""
    dates = [t.target_date for t in commitment.targets.all() if t.achieved < t.target_number]
    if commitment.due_date is not None:
        dates.append(commitment.due_date)
    return min(dates, default=None)


def overdue_since_expression():
    """`overdue_since` as a database expression on commitments (NULLs left out on SQLite too)."""
    Target = apps.get_model("deals", "Target")

    first_target = Subquery(
        Target.objects.filter(commitment=OuterRef("pk"), achieved__lt=F("target_number"))
        .order_by("target_date")
        .values("target_date")[:1]
    )
    return Least(Coalesce("due_date", first_target), Coalesce(first_target, "due_date"))
