"""Reads for the councillors' pages, each shaped so a page runs a fixed number of queries."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse

from ..models import (
    VISIBLE_TO_COUNCILLORS,
    Application,
    Assessment,
    Councillor,
    CouncillorSupport,
    CouncillorVote,
    InterestDeclaration,
    Membership,
    Recommendation,
    Status,
    StatusChange,
    WardPot,
)
from ..money import pounds

# What a councillor sees: bids waiting for them, then the bids their ward has decided.
VISIBLE = VISIBLE_TO_COUNCILLORS

# Who may decide a bid: written once here; the workflow table, the services, the pages, the emails
# and the reminders all ask these.


def decision_refusal(user, application: Application) -> str | None:
    """Why this person may not decide this bid, whatever their role (councillor or panel), in plain
    English, or None. The one place two rules live: belonging to the applying organisation is an
    interest, declared or not; and nobody decides a bid they assessed or recommended."""
    if user is None or not user.is_authenticated:
        return None
    reference = application.reference
    if Membership.objects.filter(organisation_id=application.organisation_id, user=user).exists():
        name = application.organisation.name
        return f"You are a member of {name}, which sent {reference}, so you cannot decide it."
    if Assessment.objects.filter(application=application, assessor=user).exists():
        return f"You assessed {reference}, so someone else must decide it."
    if StatusChange.objects.filter(
        application=application, action__in=("recommend", "not_recommend"), actor=user
    ).exists():
        return f"You made the recommendation on {reference}, so someone else must decide it."
    return None


def councillor_interest(*, application, organisation, councillor, user) -> Q:
    """A councillor's interest in a bid as a query condition, for lists, emails and reminders: a declared
    interest, or membership of the applying organisation. Each argument is a value or an OuterRef."""
    declared = InterestDeclaration.objects.filter(application=application, councillor=councillor)
    member = Membership.objects.filter(organisation=organisation, user=user)
    return Q(Exists(declared)) | Q(Exists(member))


def councillor_refusal(user, application: Application) -> str | None:
    """Why this councillor of the bid's ward may not decide it now, in plain English, or None if they may.

    Shared by grants.workflow (which buttons a page shows) and grants.services (which moves it takes), so
    the two always agree."""
    record = Councillor.objects.filter(user=user, wards=application.ward_id).first() if application.ward_id else None
    if record is None:
        return None
    if InterestDeclaration.objects.filter(application=application, councillor=record).exists():
        return f"You declared an interest in {application.reference}, so you cannot decide it."
    if refusal := decision_refusal(user, application):
        return refusal
    if CouncillorVote.objects.filter(application=application, councillor=record).exists():
        return f"You have already decided on {application.reference}."
    return None


def eligible_councillors(application: Application) -> QuerySet:
    """The ward's councillors who may decide this bid: active, and without an interest in it (declared,
    or as a member of the applying organisation)."""
    return (
        Councillor.objects.filter(wards=application.ward_id, user__is_active=True)
        .exclude(interest_declarations__application=application)
        .exclude(user__organisations=application.organisation_id)
    )


def majority_needed(application: Application) -> int:
    """How many agreeing votes settle the bid under the majority rule: more than half of the eligible."""
    return eligible_councillors(application).count() // 2 + 1


def split_problem(application: Application, now) -> str | None:
    """Why this bid cannot go to the officers as "councillors split" now, or None if it must: under the
    majority rule, every eligible councillor has voted, no decision has a majority, and the strand's
    `split_after_days` have passed since the last vote."""
    reference = application.reference
    if application.status != Status.AWAITING_DECISION or not application.strand.councillors_decide:
        return f"{reference} is not waiting for its councillors' decision."
    if application.strand.decision_rule != application.strand.DecisionRule.MAJORITY:
        return f"{reference} is decided by any one councillor: it cannot be split."
    eligible = eligible_councillors(application)
    votes = list(CouncillorVote.objects.filter(application=application, councillor__in=eligible))
    needed = len(votes) and majority_needed(application)
    if not votes or len(votes) < eligible.count():
        return f"Not every councillor of the ward has voted on {reference} yet."
    if any(sum(v.decision == d for v in votes) >= needed for d in CouncillorVote.Decision.values):
        return f"The councillors have agreed on {reference}."
    last = max(v.created_at for v in votes)
    if now - last < dt.timedelta(days=application.strand.split_after_days):
        return f"The councillors voted on {reference} less than {application.strand.split_after_days} days ago."
    return None


def votes_for(application: Application, decision: str) -> QuerySet:
    """The votes for this decision that count: those of councillors still eligible to decide."""
    return CouncillorVote.objects.filter(
        application=application, decision=decision, councillor__in=eligible_councillors(application)
    )


def councillor_record(user) -> Councillor | None:
    """The councillor a signed-in user is, with their wards, or None."""
    if not user.is_authenticated:
        return None
    return Councillor.objects.filter(user=user).select_related("user").prefetch_related("wards").first()


def _interest_and_vote(councillor: Councillor) -> dict:
    """Annotations for a councillor's bids: has_interest (declared, or a member of the applying group)
    and my_decision (this councillor's vote, if any)."""
    mine = {"application": OuterRef("pk"), "councillor": councillor}
    return {
        "has_interest": ExpressionWrapper(
            councillor_interest(
                application=OuterRef("pk"),
                organisation=OuterRef("organisation_id"),
                councillor=councillor,
                user=councillor.user_id,
            ),
            output_field=BooleanField(),
        ),
        "my_decision": Subquery(CouncillorVote.objects.filter(**mine).values("decision")[:1]),
    }


def ward_bids(councillor: Councillor) -> QuerySet[Application]:
    """Environmental bids in the councillor's wards, awaiting a decision first (oldest first), then
    decided (newest first); each with `has_interest` (declared, or a member of the applying group) and
    `my_decision` for this councillor."""
    return (
        Application.objects.filter(ward__in=councillor.wards.all(), strand__councillors_decide=True, status__in=VISIBLE)
        .select_related("organisation", "ward", "strand", "assessment")
        .annotate(
            waiting=Case(
                When(status=Status.AWAITING_DECISION, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            **_interest_and_vote(councillor),
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
            Prefetch("councillor_support", queryset=CouncillorSupport.objects.select_related("councillor__user")),
        )
        .first()
    )


def pot_for(application: Application) -> WardPot | None:
    return WardPot.objects.filter(strand_id=application.strand_id, ward_id=application.ward_id).first()


def ward_bid_ids(councillor: Councillor, *, decided: bool) -> list[int]:
    """The numbers of the bids in the councillor's wards as the bids page lists them: waiting for a decision
    (oldest first), or decided (newest first). Numbers only, read whole through the ward-and-status index
    (a ward's bids number in the hundreds, or a few thousand, at most), so one query gives both the count
    and any page; bid_rows then reads the page's bids."""
    wards = [ward.pk for ward in councillor.wards.all()]
    bids = Application.objects.filter(ward__in=wards, strand__councillors_decide=True)
    if decided:
        bids = bids.filter(status__in=VISIBLE).exclude(status=Status.AWAITING_DECISION).order_by("-decided_at", "-pk")
    else:
        bids = bids.filter(status=Status.AWAITING_DECISION).order_by("submitted_at", "pk")
    return list(bids.values_list("pk", flat=True))


WHOLE = Decimal(1)
BID_ROW_FIELDS = (
    "pk",
    "title",
    "reference",
    "organisation__name",
    "ward__name",
    "status",
    "recommendation",
    "recommended_amount",
    "amount_requested",
    "amount_awarded",
    "assessment__total_score",
    "has_interest",
    "my_decision",
)


def bid_rows(councillor: Councillor, ids: list[int]) -> dict[int, dict]:
    """These bids (numbers from ward_bid_ids) as the bids page shows them, by number: plain values, each
    figure already in words, so the page renders a row without loading five models or formatting anything.

    Each row: pk, title, reference, organisation, ward, has_interest (declared, or a member of the
    applying group), my_decision (this councillor's vote), url (None with an interest: the councillor may
    not open the bid), awarded (or "None") and decision, for a decided bid; asked (the amount asked for),
    view (the officer's recommendation) and score (the assessment's, or None) for one waiting."""
    bids = Application.objects.filter(pk__in=ids).annotate(**_interest_and_vote(councillor))
    # One reverse for the page, not one a row: every bid's address differs only by its number.
    url = reverse("grants:councillor_bid", args=[0]).rsplit("/0/", 1)[0] + "/{}/"
    statuses = dict(Status.choices)
    recommendations = dict(Recommendation.choices)
    rows = {}
    for row in bids.values(*BID_ROW_FIELDS):
        view = recommendations.get(row["recommendation"], row["recommendation"])
        if row["recommended_amount"]:
            view = f"{view}: {pounds(row['recommended_amount'])}"
        total = row["assessment__total_score"]
        rows[row["pk"]] = {
            "pk": row["pk"],
            "title": row["title"],
            "reference": row["reference"],
            "organisation": row["organisation__name"],
            "ward": row["ward__name"],
            "has_interest": row["has_interest"],
            "my_decision": row["my_decision"],
            "url": None if row["has_interest"] else url.format(row["pk"]),
            "awarded": pounds(row["amount_awarded"]) if row["amount_awarded"] else "None",
            "decision": statuses.get(row["status"], row["status"]),
            "asked": pounds(row["amount_requested"]),
            "view": view,
            "score": None if total is None else str(total.quantize(WHOLE, ROUND_HALF_UP)),  # as floatformat:0
        }
    return rows
