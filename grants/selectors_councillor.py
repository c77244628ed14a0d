"""Reads for the councillors' pages, each shaped so a page runs a fixed number of queries."""

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)

from .models import (
    Application,
    Councillor,
    CouncillorVote,
    InterestDeclaration,
    Status,
    StatusChange,
    WardPot,
)
from .models.councillors import councillor_interest

# What a councillor sees: bids waiting for them, then the bids their ward has decided.
DECIDED = (Status.APPROVED, Status.DECLINED, Status.GRANT_ACTIVE, Status.COMPLETED)
VISIBLE = (Status.AWAITING_DECISION, *DECIDED)


def councillor_record(user) -> Councillor | None:
    """The councillor a signed-in user is, with their wards, or None."""
    if not user.is_authenticated:
        return None
    return Councillor.objects.filter(user=user).prefetch_related("wards").first()


def ward_bids(councillor: Councillor) -> QuerySet[Application]:
    """Environmental bids in the councillor's wards, awaiting a decision first (oldest first), then
    decided (newest first); each with `has_interest` (declared, or a member of the applying group) and
    `my_decision` for this councillor."""
    mine = {"application": OuterRef("pk"), "councillor": councillor}
    return (
        Application.objects.filter(ward__in=councillor.wards.all(), strand__councillors_decide=True, status__in=VISIBLE)
        .select_related("organisation", "ward", "strand", "assessment")
        .annotate(
            waiting=Case(
                When(status=Status.AWAITING_DECISION, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            has_interest=ExpressionWrapper(
                councillor_interest(
                    application=OuterRef("pk"),
                    organisation=OuterRef("organisation_id"),
                    councillor=councillor,
                    user=councillor.user_id,
                ),
                output_field=BooleanField(),
            ),
            my_decision=Subquery(CouncillorVote.objects.filter(**mine).values("decision")[:1]),
        )
        .order_by("waiting", "submitted_at", "-decided_at", "pk")
    )


def ward_pots(councillor: Councillor) -> QuerySet[WardPot]:
    """The pots of the councillor's wards in strands where councillors decide, with their strands."""
    return (
        WardPot.objects.filter(ward__in=councillor.wards.all(), strand__councillors_decide=True)
        .select_related("ward", "strand")
        .order_by("ward__name", "strand__name")
    )


def bid_for_form(pk: int) -> Application | None:
    """One bid a councillor may be shown, with what the decision pages show of it."""
    return (
        Application.objects.filter(pk=pk, strand__councillors_decide=True, status__in=VISIBLE)
        .select_related("organisation", "ward", "strand", "round", "assessment")
        .first()
    )


def bid_for_page(pk: int) -> Application | None:
    """One bid, with all a councillor's page shows of it."""
    return (
        Application.objects.filter(pk=pk, strand__councillors_decide=True, status__in=VISIBLE)
        .select_related("organisation", "ward", "strand", "round", "assessment")
        .prefetch_related(
            "budget_lines",
            "documents",
            Prefetch(
                "status_changes", queryset=StatusChange.objects.select_related("actor__councillor", "recorded_by")
            ),
            Prefetch(
                "councillor_votes",
                queryset=CouncillorVote.objects.select_related("councillor__user", "recorded_by"),
            ),
            Prefetch("interest_declarations", queryset=InterestDeclaration.objects.select_related("councillor__user")),
        )
        .first()
    )


def pot_for(application: Application) -> WardPot | None:
    return WardPot.objects.filter(strand_id=application.strand_id, ward_id=application.ward_id).first()
