"""Reads for groups and councillors working together: who may see a shared draft (the one rule, asked by
every page, service and email), the drafts a councillor sees, comment threads, support, ideas and the
ward pots with what has been paid. Each shaped so a page runs a fixed number of queries."""

import datetime as dt
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from ..models import (
    Application,
    Councillor,
    CouncillorIdea,
    CouncillorSupport,
    DraftComment,
    LedgerEntry,
    Membership,
    Status,
    WardPot,
)
from .councillors import councillor_interest, ward_bids, ward_pots

# Written by the payments work as positive amounts that are not part of `committed`.
PAID_KIND = "paid"


def is_member(user, application: Application) -> bool:
    return Membership.objects.filter(organisation_id=application.organisation_id, user=user).exists()


def sharable(application: Application) -> bool:
    """Can this draft be shared with ward councillors at all: an environmental draft with its ward."""
    return application.status == Status.DRAFT and application.strand.councillors_decide and bool(application.ward_id)


def draft_councillor(user, application: Application) -> Councillor | None:
    """The councillor record of `user` if they may read this shared draft: an active councillor of its
    ward, the draft still a draft and shared now. Anyone else: None (their pages answer 404)."""
    if user is None or not user.is_authenticated or not user.is_active or not sharable(application):
        return None
    try:
        share = application.share
    except Application.share.RelatedObjectDoesNotExist:
        return None
    if share.stopped_at is not None:
        return None
    return Councillor.objects.filter(user=user, wards=application.ward_id).first()


def draft_interest(councillor: Councillor, application: Application) -> bool:
    """A declared interest in the draft, or membership of its group: such a councillor may read the
    draft but neither comment on it nor support it."""
    return Application.objects.filter(
        Q(pk=application.pk),
        councillor_interest(
            application=application.pk,
            organisation=application.organisation_id,
            councillor=councillor,
            user=councillor.user_id,
        ),
    ).exists()


def shared_draft(pk: int) -> Application | None:
    """One draft, with all a councillor's read-only view shows of it."""
    return (
        Application.objects.filter(pk=pk, status=Status.DRAFT)
        .select_related("organisation", "ward", "strand", "round", "share")
        .prefetch_related("budget_lines", "priorities")
        .first()
    )


def shared_drafts(councillor: Councillor) -> QuerySet[Application]:
    """Drafts shared now with this councillor's wards, newest first, each with `has_interest`,
    `i_support`, `comment_count` and `unanswered` (councillors' comments the group has not answered)."""
    unanswered = DraftComment.objects.filter(application=OuterRef("pk"), reply_to__isnull=True).exclude(
        replies__isnull=False
    )
    return (
        Application.objects.filter(
            ward__in=councillor.wards.all(),
            strand__councillors_decide=True,
            status=Status.DRAFT,
            share__isnull=False,
            share__stopped_at__isnull=True,
        )
        .select_related("organisation", "ward", "share")
        .annotate(
            has_interest=ExpressionWrapper(
                councillor_interest(
                    application=OuterRef("pk"),
                    organisation=OuterRef("organisation_id"),
                    councillor=councillor,
                    user=councillor.user_id,
                ),
                output_field=BooleanField(),
            ),
            i_support=Exists(CouncillorSupport.objects.filter(application=OuterRef("pk"), councillor=councillor)),
            comment_count=Coalesce(
                Subquery(
                    DraftComment.objects.filter(application=OuterRef("pk"))
                    .order_by()
                    .values("application")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                Value(0),
            ),
            unanswered=Coalesce(
                Subquery(unanswered.order_by().values("application").annotate(n=Count("pk")).values("n")[:1]),
                Value(0),
            ),
        )
        .order_by("-share__shared_at", "pk")
    )


def comment_threads(application: Application) -> list[DraftComment]:
    """The councillors' comments on a draft, oldest first, each with its answers (`replies`)."""
    return list(
        DraftComment.objects.filter(application=application, reply_to__isnull=True)
        .select_related("author", "councillor__user")
        .prefetch_related(Prefetch("replies", DraftComment.objects.select_related("author", "councillor__user")))
    )


def support_for(application: Application) -> list[CouncillorSupport]:
    return list(CouncillorSupport.objects.filter(application=application).select_related("councillor__user"))


def open_ideas(ward_id=None) -> QuerySet[CouncillorIdea]:
    """Open ideas, by ward then newest first; only one ward's when `ward_id` is given."""
    ideas = CouncillorIdea.objects.filter(status=CouncillorIdea.Status.OPEN).select_related("ward", "councillor__user")
    if ward_id is not None:
        ideas = ideas.filter(ward_id=ward_id)
    return ideas.order_by("ward__name", "-created_at", "-pk")


def councillor_ideas(councillor: Councillor) -> QuerySet[CouncillorIdea]:
    """A councillor's ideas, newest first, each with how many bids were started from it (`bid_count`)."""
    return (
        CouncillorIdea.objects.filter(councillor=councillor)
        .select_related("ward")
        .annotate(bid_count=Count("bids"))
        .order_by("status", "-created_at", "-pk")
    )


def pots_with_paid(councillor: Councillor) -> QuerySet[WardPot]:
    """The councillor's ward pots with `paid`: what has been paid out of each (ledger entries of kind
    "paid", which are not part of `committed`)."""
    paid = (
        LedgerEntry.objects.filter(ward_pot=OuterRef("pk"), kind=PAID_KIND)
        .order_by()
        .values("ward_pot")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return ward_pots(councillor).annotate(
        paid=Coalesce(Subquery(paid, output_field=money), Value(Decimal("0.00")), output_field=money)
    )


def bids_waiting_for(councillor: Councillor) -> list[Application]:
    """Bids in the councillor's wards waiting for their decision: no interest, not voted yet."""
    return [
        bid
        for bid in ward_bids(councillor).filter(status=Status.AWAITING_DECISION)
        if not bid.has_interest and bid.my_decision is None
    ]


# The weekly digest's additions (grants.reminders.CouncillorDigest).


def digest_new_drafts(councillor: Councillor, since: dt.datetime) -> list[Application]:
    """Drafts shared with the councillor's wards since `since`, in which they have no interest."""
    return [d for d in shared_drafts(councillor).filter(share__shared_at__gte=since) if not d.has_interest]


def digest_unanswered(councillor: Councillor) -> list[DraftComment]:
    """The councillor's comments on drafts still shared that the group has not answered yet."""
    return list(
        DraftComment.objects.filter(
            councillor=councillor,
            reply_to__isnull=True,
            application__status=Status.DRAFT,
            application__share__stopped_at__isnull=True,
        )
        .exclude(replies__isnull=False)
        .select_related("application__organisation")
        .order_by("created_at")
    )


def digest_councillors(since: dt.datetime) -> QuerySet[Councillor]:
    """Active councillors with something new among shared drafts: a draft shared with their ward since
    `since`, or a comment of theirs still waiting for the group's answer."""
    new_share = Application.objects.filter(
        ward__councillors=OuterRef("pk"),
        strand__councillors_decide=True,
        status=Status.DRAFT,
        share__shared_at__gte=since,
        share__stopped_at__isnull=True,
    )
    waiting = DraftComment.objects.filter(
        councillor=OuterRef("pk"),
        reply_to__isnull=True,
        application__status=Status.DRAFT,
        application__share__stopped_at__isnull=True,
    ).exclude(replies__isnull=False)
    return Councillor.objects.filter(user__is_active=True).filter(Q(Exists(new_share)) | Q(Exists(waiting)))


def ward_reports(councillor, *, limit: int = 10):
    """The latest reports sent or accepted for grants in the councillor's wards, newest first."""
    from ..models import Report, ReportState

    return list(
        Report.objects.filter(
            application__ward__in=councillor.wards.all(), state__in=[ReportState.SENT, ReportState.ACCEPTED]
        )
        .select_related("application__ward", "application__organisation")
        .order_by("-sent_at", "-id")[:limit]
    )


def ward_achievements(councillor):
    """What the running and completed grants in the councillor's wards achieved, from accepted reports:
    "what did the money achieve in my ward?" in numbers (grants.selectors.outcomes)."""
    from ..models import PUBLISHED_STATUSES, Application
    from .outcomes import outcomes_for

    return outcomes_for(Application.objects.filter(ward__in=councillor.wards.all(), status__in=PUBLISHED_STATUSES))
