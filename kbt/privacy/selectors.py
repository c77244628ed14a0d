"""Reads the privacy pages share: who may delete their account, and the equality report's totals."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from grants.models import Membership, Status

from .models import EqualityResponse

LIVE_GRANT = (Status.APPROVED, Status.OFFER_ISSUED, Status.OFFER_EXPIRED, Status.GRANT_ACTIVE)
SUPPRESS_BELOW = 5


@dataclass(frozen=True)
class Refusal:
    reason: str
    what_to_do: str


def account_deletion_refusal(user) -> Refusal | None:
    """Why `user` may not delete their own account now, or None if they may.

    A group with a live grant (approved, or offer accepted) must keep someone who can answer for it:
    its last member, or its only main contact, cannot leave. Council staff and councillors' accounts
    are closed by an administrator, since decisions they took must stay attributable."""
    if user.is_staff or user.is_superuser or hasattr(user, "councillor"):
        return Refusal(
            reason="Council staff and councillors' accounts are closed by an administrator.",
            what_to_do="Ask the portal's administrators to close your account.",
        )
    live = (
        Membership.objects.filter(user=user, organisation__applications__status__in=LIVE_GRANT)
        .select_related("organisation")
        .annotate(
            others=Count("organisation__memberships", filter=~Q(organisation__memberships__user=user), distinct=True),
            other_leads=Count(
                "organisation__memberships",
                filter=~Q(organisation__memberships__user=user)
                & Q(organisation__memberships__role=Membership.Role.LEAD),
                distinct=True,
            ),
        )
        .distinct()
    )
    for membership in live:
        name = membership.organisation.name
        if membership.others == 0:
            return Refusal(
                reason=f"You are the only member of {name}, and it has a grant that is still running.",
                what_to_do=(
                    f"Invite someone else from {name} to join it on this website and make them its main contact. "
                    "Then you can delete your account. If nobody else can take over, contact the fund team."
                ),
            )
        if membership.role == Membership.Role.LEAD and membership.other_leads == 0:
            return Refusal(
                reason=f"You are the only main contact for {name}, and it has a grant that is still running.",
                what_to_do=(
                    f"Ask the fund team to make another member of {name} its main contact. "
                    "Then you can delete your account."
                ),
            )
    return None


def user_is_sole_member_of_live_grant(user) -> bool:
    return (
        Membership.objects.filter(user=user, organisation__applications__status__in=LIVE_GRANT)
        .annotate(members=Count("organisation__memberships", distinct=True))
        .filter(members=1)
        .exists()
    )


def shown_count(count: int) -> str:
    """Counts under 5 are never shown, so nobody can be picked out of a small group."""
    return "fewer than 5" if count < SUPPRESS_BELOW else str(count)


@dataclass
class TotalsTable:
    question: str
    by: str
    answers: list[str]
    rows: list[tuple[str, list[str]]]


def equality_totals() -> list[TotalsTable]:
    """For each equality question, totals of each answer by strand, by ward and by year sent. Counts
    under 5 read "fewer than 5". Never a row per group: nothing here names an application."""
    responses = EqualityResponse.objects.filter(consent=True).annotate(
        strand_name=F("application__strand__name"),
        ward_name=F("application__ward__name"),
        year=ExtractYear("application__submitted_at"),
    )
    dimensions = [("strand_name", "Strand"), ("ward_name", "Ward"), ("year", "Year sent")]
    tables = []
    for field, question in EqualityResponse.REPORTED:
        choices = EqualityResponse._meta.get_field(field).choices
        for key, by in dimensions:
            counts = {
                (row[key], row[field]): row["n"]
                for row in responses.order_by().values(key, field).annotate(n=Count("id"))
            }
            groups = sorted({group for group, _ in counts}, key=lambda g: (g is None, str(g)))
            rows = [
                (
                    "No ward" if group is None else str(group),
                    [shown_count(counts.get((group, value), 0)) for value, _ in choices],
                )
                for group in groups
            ]
            tables.append(TotalsTable(question=question, by=by, answers=[label for _, label in choices], rows=rows))
    return tables
