"""Test data for deals. `principles()` restores the seven co-operative principles after a flush
(transactional tests empty the table the data migration filled)."""

import datetime as dt

import factory

from deals.models import Commitment, Deal, Measure, Party, Principle, ProgressUpdate, Target
from deals.principles import ensure_principles
from tests.factories import officer

TODAY = dt.date(2026, 11, 23)


def principles() -> dict[str, Principle]:
    ensure_principles()
    return {p.slug: p for p in Principle.objects.all()}


def deals_officer(**kwargs):
    """An officer: the Officer group may keep deals (kbt/accounts/roles.py)."""
    return officer(**kwargs)


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    title = factory.Sequence(lambda n: f"Deal number {n}")
    slug = factory.Sequence(lambda n: f"deal-{n}")
    shared_goal = "A better neighbourhood, made together"
    status = Deal.Status.ACTIVE
    published = True
    start_date = TODAY - dt.timedelta(days=100)
    review_date = TODAY + dt.timedelta(days=30)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    deal = factory.SubFactory(DealFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Party.Kind.PARTNER
    contact_name = "Pat Partner"
    contact_email = factory.Sequence(lambda n: f"partner{n}@example.org")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    deal = factory.SubFactory(DealFactory)
    party = None
    description = factory.Sequence(lambda n: f"Do thing number {n}")
    due_date = TODAY + dt.timedelta(days=30)
    status = Commitment.Status.ON_TRACK


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    deal = factory.SubFactory(DealFactory)
    date = TODAY - dt.timedelta(days=5)
    text = factory.Sequence(lambda n: f"Progress note {n}")


def full_deal(**kwargs) -> Deal:
    """A published deal with the council, one partner, and one commitment each plus one joint one."""
    deal = DealFactory(**kwargs)
    council = PartyFactory(deal=deal, name="Knowsley Council", kind=Party.Kind.COUNCIL)
    partner = PartyFactory(deal=deal, name="Kirkby traders", kind=Party.Kind.BUSINESS)
    CommitmentFactory(deal=deal, party=council, description="Mend the bins")
    CommitmentFactory(deal=deal, party=partner, description="Sweep outside the shops")
    CommitmentFactory(deal=deal, party=None, description="Clear the land by the bus station")
    return deal


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        django_get_or_create = ("slug",)

    name = "apprenticeships"
    slug = "apprenticeships"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    commitment = factory.SubFactory(CommitmentFactory)
    measure = factory.SubFactory(MeasureFactory)
    target_number = 300
    baseline = 0
    baseline_date = TODAY - dt.timedelta(days=100)
    target_date = TODAY + dt.timedelta(days=100)
