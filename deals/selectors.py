"""Reads the public deal pages share, shaped so each page does a fixed number of queries however many
deals, parties and commitments there are."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Lower

from grants.models import Application, Priority, Ward
from grants.models.applications import PUBLISHED_STATUSES

from .models import (
    Commitment,
    Deal,
    DealsSettings,
    GovernmentAsk,
    Party,
    Principle,
    ProgressUpdate,
    Target,
    TargetUpdate,
)
from .progress import Progress, commitment_progress

# Grant applications the public may see named on a deal's page: those the council has funded.
# Grants a deal names: published ones (offer accepted, running or completed, and not withheld), as on the register.
PUBLIC_APPLICATION_STATUSES = PUBLISHED_STATUSES
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
    return deals.prefetch_related("principles", "priorities", "wards", commitments_with_targets()).order_by(
        "title", "pk"
    )


def commitments_with_targets(lookup: str = "commitments") -> Prefetch:
    """Each commitment with its targets and their measures: what `commitment_progress` reads."""
    return Prefetch(
        lookup,
        queryset=Commitment.objects.select_related("party")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("measure")))
        .order_by(F("due_date").asc(nulls_last=True), "pk"),
    )


@dataclass
class ProgressCounts:
    total: int = 0
    achieved: int = 0
    overdue: int = 0
    at_risk: int = 0


def deal_progress_counts(deal: Deal, *, today: dt.date) -> ProgressCounts:
    """How many of a deal's commitments (dropped ones left out) are achieved, overdue and at risk, by the
    one status rule. Uses the commitments `published_deals` loaded."""
    counts = ProgressCounts()
    for commitment in deal.commitments.all():
        progress = commitment_progress(commitment, today=today)
        if progress == Progress.DROPPED:
            continue
        counts.total += 1
        counts.achieved += progress == Progress.ACHIEVED
        counts.overdue += progress == Progress.OVERDUE
        counts.at_risk += progress == Progress.AT_RISK
    return counts


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
            commitments_with_targets(),
            Prefetch("government_asks", queryset=GovernmentAsk.objects.order_by("pk")),
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk")),
            Prefetch(
                "applications",
                queryset=Application.objects.filter(status__in=PUBLIC_APPLICATION_STATUSES, withheld=False)
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
    "Together we will…" (commitments with no party). Each commitment gets `progress` (the one status
    rule's answer) and `latest_update` (its newest progress update, or None). Uses only what is already
    loaded."""
    updates = list(deal.progress_updates.all())
    latest_by_commitment = {}
    for update in updates:  # newest first, so the first seen is the latest
        if update.commitment_id is not None:
            latest_by_commitment.setdefault(update.commitment_id, update)

    sections = DealSections(latest_progress=updates[0] if updates else None)
    by_party: dict[int, list[Commitment]] = {}
    for commitment in deal.commitments.all():
        commitment.progress = commitment_progress(commitment, today=today)
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


# The businesses count and the roll-ups of targets, each in a fixed number of queries.


@dataclass
class GroupRow:
    name: str
    count: int = 0
    target_total: int = 0
    achieved_total: int = 0
    measure: str = ""

    @property
    def label(self) -> str:
        """The row's name in a chart: the group, and the measure when the row counts one."""
        return f"{self.name}, {self.measure}" if self.measure else self.name

    @property
    def percent(self) -> int:
        return round(100 * self.achieved_total / self.target_total) if self.target_total else 0


@dataclass
class BusinessCount:
    total: int
    pledge_share: int
    by_ward: list[GroupRow]
    by_priority: list[GroupRow]

    @property
    def pledge_percent(self) -> int:
        return round(100 * self.total / self.pledge_share) if self.pledge_share else 0


def _business_name():
    # The same business in two deals is one business: counted by its name, whatever its case.
    return Lower("deals__parties__name")


def business_count() -> BusinessCount:
    """Businesses party to at least one published deal (each counted once, by name), by ward and by
    council priority, and the council's share of the 1,000-business pledge. Four queries."""
    total = Party.objects.businesses_in_published_deals().aggregate(n=Count(Lower("name"), distinct=True))["n"]
    in_published = Q(deals__published=True, deals__parties__kind=Party.Kind.BUSINESS)

    def grouped(model, order):
        rows = (
            model.objects.annotate(n=Count(_business_name(), distinct=True, filter=in_published))
            .filter(n__gt=0)
            .order_by(*order)
            .values_list("name", "n")
        )
        return [GroupRow(name=name, count=n) for name, n in rows]

    return BusinessCount(
        total=total,
        pledge_share=DealsSettings.load().business_pledge_share,
        by_ward=grouped(Ward, ["name"]),
        by_priority=grouped(Priority, ["number"]),
    )


def target_rollups() -> list[tuple[str, str, list[GroupRow]]]:
    """Targets in published deals rolled up by council priority, co-operative principle and ward, as
    (key, label, rows), one row per group and measure (apprenticeships and jobs are never added together):
    how many targets, their total and the accepted figures' total. A target counts once in each group its
    deal has. One query each."""
    targets = Target.objects.filter(commitment__deal__published=True)

    def grouped(relation, order):
        group = f"commitment__deal__{relation}"
        rows = (
            targets.exclude(**{f"{group}__isnull": True})
            .values(group_name=F(f"{group}__name"), group_order=F(f"{group}__{order}"), measure_name=F("measure__name"))
            .annotate(n=Count("pk"), target_total=Sum("target_number"), achieved_total=Sum("achieved"))
            .order_by("group_order", "group_name", "measure_name")
        )
        return [
            GroupRow(
                name=row["group_name"],
                measure=row["measure_name"],
                count=row["n"],
                target_total=row["target_total"],
                achieved_total=row["achieved_total"],
            )
            for row in rows
        ]

    return [
        ("priority", "council priority", grouped("priorities", "number")),
        ("principle", "co-operative principle", grouped("principles", "number")),
        ("ward", "ward", grouped("wards", "name")),
    ]


# What an invited partner contact sees: their own parties' commitments, nothing else.


def _contact_targets():
    return Prefetch(
        "targets",
        queryset=Target.objects.select_related("measure").prefetch_related(
            Prefetch("updates", queryset=TargetUpdate.objects.order_by("-date", "-pk"))
        ),
    )


def contact_parties(user, *, today: dt.date) -> list[Party]:
    """The parties this person reports for, each with its deal and its commitments (with `progress`),
    their targets and every figure reported for them, newest first."""
    parties = list(
        Party.objects.for_contact(user)
        .select_related("deal")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.prefetch_related(_contact_targets()).order_by(
                    F("due_date").asc(nulls_last=True), "pk"
                ),
            )
        )
        .order_by("deal__title", "name")
    )
    for party in parties:
        for commitment in party.commitments.all():
            commitment.progress = commitment_progress(commitment, today=today)
    return parties


def contact_commitment_for_page(user, pk, *, today: dt.date) -> Commitment | None:
    """One of this person's parties' commitments, with its targets and their figures; None for any
    other commitment, so the page answers 404."""
    commitment = (
        Commitment.objects.filter(pk=pk, party__in=Party.objects.for_contact(user))
        .select_related("deal", "party")
        .prefetch_related(_contact_targets())
        .first()
    )
    if commitment is not None:
        commitment.progress = commitment_progress(commitment, today=today)
    return commitment


def deal_grant_outcomes(deal: Deal):
    """What the deal's published grants achieved, from reports officers accepted (grants.selectors.outcomes),
    shown beside the partners' figures; None until one of them has an accepted report."""
    from grants.selectors.outcomes import outcomes_for

    grants = Application.objects.filter(deals=deal, status__in=PUBLIC_APPLICATION_STATUSES, withheld=False)
    outcomes = outcomes_for(grants)
    return outcomes if outcomes.reported else None
