"""Reads the public deal pages share, shaped so each page does a fixed number of queries however many
deals, parties and commitments there are."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet

from grants.models import Application, Priority, Status, Ward

from .models import Commitment, Deal, Party, Principle, ProgressUpdate

# Grant applications the public may see named on a deal's page: those the council has funded.
PUBLIC_APPLICATION_STATUSES = (Status.APPROVED, Status.GRANT_ACTIVE, Status.COMPLETED)
PARTY_KIND_ORDER = {kind: n for n, kind in enumerate(Party.Kind)}


def published_deals(
    *,
    today: dt.date,
    priority: Priority | None = None,
    principle: Principle | None = None,
    ward: Ward | None = None,
) -> QuerySet[Deal]:
    """Published deals, optionally only those serving one priority, one principle or in one ward, with
    their tags loaded and `commitment_count`, `done_count` and `overdue_count` annotated."""
    deals = Deal.objects.published()
    # One value per relation, so these joins never repeat a deal.
    if priority is not None:
        deals = deals.filter(priorities=priority)
    if principle is not None:
        deals = deals.filter(principles=principle)
    if ward is not None:
        deals = deals.filter(wards=ward)
    return (
        deals.with_commitment_counts(today)
        .prefetch_related("principles", "priorities", "wards")
        .order_by("title", "pk")
    )


def published_deal_for_page(slug: str) -> QuerySet[Deal]:
    """The published deal with this slug (an empty queryset otherwise), with everything its public page
    shows: tags, parties, commitments with their party, progress newest first, and funded applications."""
    return (
        Deal.objects.published()
        .filter(slug=slug)
        .prefetch_related(
            "principles",
            "priorities",
            "wards",
            Prefetch("parties", queryset=Party.objects.order_by("name", "pk")),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("party").order_by(F("due_date").asc(nulls_last=True), "pk"),
            ),
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk")),
            Prefetch(
                "applications",
                queryset=Application.objects.filter(status__in=PUBLIC_APPLICATION_STATUSES)
                .select_related("organisation")
                .order_by("reference"),
            ),
        )
    )


@dataclass
class PartnerCommitments:
    party: Party
    commitments: list[Commitment]


@dataclass
class DealSections:
    """A deal's page in its three parts, plus its latest progress."""

    council: list[Commitment] = field(default_factory=list)
    partners: list[PartnerCommitments] = field(default_factory=list)
    together: list[Commitment] = field(default_factory=list)
    latest_progress: ProgressUpdate | None = None

    @property
    def council_parties(self) -> list[Party]:
        seen = {}
        for commitment in self.council:
            seen.setdefault(commitment.party_id, commitment.party)
        return list(seen.values())


def deal_sections(deal: Deal, *, today: dt.date) -> DealSections:
    """Splits a deal loaded by `published_deal_for_page` into "The council will…" (commitments of the
    council's parties), "Partners will…" (grouped by party, in the order of Party.Kind then name) and
    "Together we will…" (commitments with no party). Each commitment gets `overdue` and
    `latest_update` (its newest progress update, or None). Uses only what is already loaded."""
    updates = list(deal.progress_updates.all())
    latest_by_commitment = {}
    for update in updates:  # newest first, so the first seen is the latest
        if update.commitment_id is not None:
            latest_by_commitment.setdefault(update.commitment_id, update)

    sections = DealSections(latest_progress=updates[0] if updates else None)
    by_party: dict[int, list[Commitment]] = {}
    for commitment in deal.commitments.all():
        commitment.overdue = commitment.is_overdue(today)
        commitment.latest_update = latest_by_commitment.get(commitment.pk)
        if commitment.party is None:
            sections.together.append(commitment)
        elif commitment.party.is_council:
            sections.council.append(commitment)
        else:
            by_party.setdefault(commitment.party_id, []).append(commitment)

    parties = sorted(deal.parties.all(), key=lambda p: (PARTY_KIND_ORDER.get(p.kind, 99), p.name))
    sections.partners = [
        PartnerCommitments(party=party, commitments=by_party[party.pk]) for party in parties if party.pk in by_party
    ]
    return sections


def filter_choices() -> dict[str, QuerySet]:
    """What the public list can be filtered by: every priority, principle and ward."""
    return {
        "priorities": Priority.objects.order_by("number"),
        "principles": Principle.objects.order_by("number"),
        "wards": Ward.objects.order_by("name"),
    }
