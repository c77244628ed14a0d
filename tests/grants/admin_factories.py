"""Test data for the officers' review: criteria for a strand and a finished assessment."""

from decimal import Decimal

from grants import services
from grants.models import Criterion

CRITERIA = (("Need", 3), ("Outcomes", 2), ("Deliverability", 2), ("Value for money", 1))


def criteria_for(strand) -> list[Criterion]:
    return [
        Criterion.objects.get_or_create(strand=strand, name=name, defaults={"weight": weight, "order": order})[0]
        for order, (name, weight) in enumerate(CRITERIA)
    ]


def assessed(application, officer, *, score=4, checks="pass", amount=None):
    """Declare no interest and write a complete assessment of `application` as `officer`."""
    services.conflict_declare(application=application, officer=officer, has_conflict=False)
    criteria = criteria_for(application.strand)
    return services.assessment_save(
        application=application,
        assessor=officer,
        scores={c.pk: (score, f"{c.name} is fine") for c in criteria},
        governance=checks,
        finance=checks,
        safeguarding=checks,
        recommended_amount=Decimal(amount) if amount else application.amount_requested,
        recommendation="recommended",
    )
