"""Test data for the councillors' pages: a ward with its pot and three councillors, and bids in it."""

from decimal import Decimal

from grants.models import Status, Strand
from tests.factories import (
    Cast,
    OrganisationFactory,
    StrandFactory,
    UserFactory,
    WardFactory,
    WardPotFactory,
    application_at,
    councillor,
    officer,
    panel_member,
)


class WardCast(Cast):
    """A cast whose councillor is one of the ward's own, so a ward has exactly the councillors a test made."""

    def __init__(self, councillor_user):
        self.applicant = None
        self.officer = officer()
        self.panel = panel_member()
        self.councillor = councillor_user
        self.stranger = UserFactory()


class Ward:
    """A ward with a pot in the environmental strand and three councillors (users in `.councillors`)."""

    def __init__(self, *, name="Longview", pot="14000.00", rule=Strand.DecisionRule.ANY_COUNCILLOR, councillors=3):
        self.strand = StrandFactory()
        if self.strand.decision_rule != rule:
            Strand.objects.filter(pk=self.strand.pk).update(decision_rule=rule)
            self.strand.refresh_from_db()
        self.ward = WardFactory(name=name)
        self.pot = WardPotFactory(strand=self.strand, ward=self.ward, budget=Decimal(pot))
        self.councillors = [councillor(self.ward).user for _ in range(councillors)]
        self.cast = WardCast(self.councillors[0])

    def bid(self, status=Status.AWAITING_DECISION, amount="2000.00", **fields):
        organisation = OrganisationFactory(ward=self.ward)
        bid = application_at(
            status, strand=self.strand, organisation=organisation, amount=amount, cast=self.cast, **fields
        )
        self.cast.applicant = bid.applicant
        return bid
