"""What the grants promised and what they achieved, from reports that officers accepted.

`outcomes_for(applications)` is the one selector: the admin outcomes page and its CSV use it, and the
public pages (open data issue) pass it published grants only. A grant's achieved figures are those of
its latest accepted report (reports give totals to date, not per period). It runs a fixed number of
queries whatever the number of grants."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ..financial_year import financial_year_label, financial_year_of
from ..models import ApplicationPrinciple, OutcomeMeasure, OutcomeTarget, Priority, Report, ReportMeasure, ReportState

GROUPINGS = {
    "strand": "Strand",
    "ward": "Ward",
    "priority": "Council priority",
    "principle": "Co-operative principle",
    "year": "Financial year",
}


@dataclass
class MeasureOutcome:
    measure: OutcomeMeasure
    planned: int = 0
    achieved: int = 0
    grants: int = 0  # grants that promised something on this measure


@dataclass
class Outcomes:
    label: str = "All grants"
    grants: int = 0
    awarded: Decimal = Decimal("0.00")
    reported: int = 0  # grants with an accepted report
    people: int = 0
    volunteers: int = 0
    volunteer_hours: int = 0
    measures: list = field(default_factory=list)  # MeasureOutcome, in the measures' order


@dataclass
class _Grant:
    pk: int
    strand: str
    ward: str
    year: str
    awarded: Decimal
    targets: dict = field(default_factory=dict)  # measure id: target
    achieved: dict = field(default_factory=dict)  # measure id: latest accepted figure
    totals: tuple | None = None  # (people, volunteers, hours) of the latest accepted report
    principles: list = field(default_factory=list)


def _grants(applications) -> dict[int, _Grant]:
    grants = {}
    rows = applications.values_list("pk", "strand__name", "ward__name", "start_date", "decided_at", "amount_awarded")
    for pk, strand, ward, start, decided, awarded in rows:
        day = start or (decided.date() if decided else None)
        year = financial_year_label(financial_year_of(day)) if day else "No dates"
        grants[pk] = _Grant(pk, strand, ward or "Borough-wide", year, awarded or Decimal("0.00"))
    for app, measure, target in OutcomeTarget.objects.filter(application__in=applications).values_list(
        "application_id", "measure_id", "target"
    ):
        grants[app].targets[measure] = target
    accepted = ReportMeasure.objects.filter(report__application__in=applications, report__state=ReportState.ACCEPTED)
    for app, measure, achieved in accepted.order_by("report__due_date", "report_id").values_list(
        "report__application_id", "measure_id", "achieved"
    ):
        if achieved is not None:
            grants[app].achieved[measure] = achieved
    reports = Report.objects.filter(application__in=applications, state=ReportState.ACCEPTED)
    for app, people, volunteers, hours in reports.order_by("due_date", "id").values_list(
        "application_id", "people_helped", "volunteers", "volunteer_hours"
    ):
        grants[app].totals = (people or 0, volunteers or 0, hours or 0)
    return grants


def _add_up(label: str, grants, measures, measure_filter=None) -> Outcomes:
    result = Outcomes(label=label)
    rows = {m.pk: MeasureOutcome(m) for m in measures if measure_filter is None or measure_filter(m)}
    for grant in grants:
        result.grants += 1
        result.awarded += grant.awarded
        if grant.totals:
            result.reported += 1
            result.people += grant.totals[0]
            result.volunteers += grant.totals[1]
            result.volunteer_hours += grant.totals[2]
        for measure_id, target in grant.targets.items():
            if measure_id in rows:
                rows[measure_id].planned += target
                rows[measure_id].grants += 1
        for measure_id, achieved in grant.achieved.items():
            if measure_id in rows:
                rows[measure_id].achieved += achieved
    result.measures = [row for row in rows.values() if row.grants or row.achieved]
    return result


def outcomes_for(applications) -> Outcomes:
    """Planned against achieved, per measure, with totals of people, volunteers and hours, for these
    applications (a queryset: pass only the grants the page may show)."""
    grants = _grants(applications)
    return _add_up("All grants", grants.values(), list(OutcomeMeasure.objects.all()))


def outcomes_by(applications, by: str) -> list[Outcomes]:
    """outcomes_for, split by one of GROUPINGS. A grant with several principles counts under each;
    by priority, each group holds the measures of that priority (environmental ones on their own)."""
    grants = _grants(applications)
    measures = list(OutcomeMeasure.objects.all())
    if by == "priority":
        names = {p.number: str(p) for p in Priority.objects.all()}
        groups = [_add_up("Environmental improvements", grants.values(), measures, lambda m: m.priority_number is None)]
        for number in range(1, 6):
            label = names.get(number, f"Priority {number}")
            groups.append(_add_up(label, grants.values(), measures, lambda m, n=number: m.priority_number == n))
        return groups
    buckets = defaultdict(list)
    if by == "principle":
        confirmed = ApplicationPrinciple.objects.filter(application__in=applications, confirmed=True)
        for app, name in confirmed.order_by("principle__number").values_list("application_id", "principle__name"):
            buckets[name].append(grants[app])
    else:
        attribute = by if by in ("strand", "ward", "year") else "strand"
        for grant in grants.values():
            buckets[getattr(grant, attribute)].append(grant)
    keys = buckets if by == "principle" else sorted(buckets)
    return [_add_up(key, buckets[key], measures) for key in keys]
