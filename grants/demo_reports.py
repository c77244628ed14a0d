"""Reports for the demo and the tests, written through the real services: a grant's schedule, a report
filled in section by section, sent, and accepted or sent back."""

from decimal import Decimal

from .models import Report, ReportState
from .services import report_answers, reports

DID = "We ran six planting days and two litter picks, with local families and the school's eco club."
LEARNING = "Saturday mornings brought the most volunteers; we will book the skip earlier next time."
STORY = "Maureen, 82, planted bulbs outside her window with her great-grandson. She sees them every morning."


def fill_report(report: Report, actor, *, shortfall: bool = False) -> Report:
    """Answer every section of `report` as `actor` (a member of the group). With `shortfall`, each
    measure falls short of its target by a fifth, with a reason."""
    report_answers.report_rows_ensure(report)
    report_answers.report_save(report=report, actor=actor, section="did", what_you_did=DID)
    answers = {}
    for row in report.measures.all():
        achieved = (row.target or 0) * 4 // 5 if shortfall else (row.target or 0)
        answers[row.measure_id] = (achieved, "Two planting days were rained off." if achieved != row.target else "")
    report_answers.report_measures_save(report=report, actor=actor, answers=answers)
    report_answers.report_save(
        report=report, actor=actor, section="people", people_helped=120, people_under_18=40, people_65_and_over=25
    )
    report_answers.report_save(report=report, actor=actor, section="volunteers", volunteers=18, volunteer_hours=240)
    spending = {row.budget_line_id: (row.budget_line.cost, "") for row in report.spending.select_related("budget_line")}
    report_answers.report_spending_save(report=report, actor=actor, answers=spending)
    report_answers.report_save(report=report, actor=actor, section="underspend", underspend=Decimal("0.00"))
    report_answers.report_save(report=report, actor=actor, section="evidence")
    report_answers.report_save(report=report, actor=actor, section="story", story=STORY, story_consent=True)
    report_answers.report_save(report=report, actor=actor, section="learning", learning=LEARNING)
    return report


def sign_off(application, *, applicant, officer) -> list[Report]:
    """Schedule the grant's reports, then fill in, send and accept each: what marking it completed needs."""
    done = []
    for report in reports.make_schedule(application, actor=officer):
        if report.state != ReportState.ACCEPTED:
            fill_report(report, applicant)
            reports.report_send(report=report, actor=applicant)
            reports.report_accept(report=report, actor=officer)
        done.append(report)
    return done


def promise(application, index: int) -> None:
    """A demo draft's promises: numbers on two or three of its strand's measures, and two principles."""
    from .models import OutcomeMeasure
    from .services import outcomes

    measures = list(OutcomeMeasure.objects.for_strand(application.strand))
    if measures:
        picked = [measures[(index + k) % len(measures)] for k in range(2 + index % 2)]
        outcomes.outcome_targets_save(
            application=application, targets={m.pk: 20 + 10 * ((index + k) % 5) for k, m in enumerate(picked)}
        )
    principles = list(apps_principles().order_by("number").values_list("pk", flat=True))
    if principles:
        outcomes.principles_choose(
            application=application, principle_ids=[principles[index % 7], principles[(index + 3) % 7]]
        )


def apps_principles():
    from django.apps import apps

    return apps.get_model("deals", "Principle").objects


def seed_reports(*, officer, applicant_email: str) -> int:
    """Put the running demo grants' first reports in each state a report can be in: in progress, sent,
    changes asked for, accepted, overdue and not started (the demo applicant's grant first, in
    progress). Does nothing once it has run. Returns how many reports it moved."""
    from django.utils import timezone

    from .models import Application, Status

    if Report.objects.exclude(state=ReportState.NOT_STARTED).filter(application__status=Status.GRANT_ACTIVE).exists():
        return 0
    grants = sorted(
        Application.objects.filter(status=Status.GRANT_ACTIVE).select_related("organisation"),
        key=lambda a: (not a.organisation.memberships.filter(user__email=applicant_email).exists(), a.pk),
    )
    # Accepted reports come from the completed grants too, and not-started ones from later reports.
    steps = ["in_progress", "sent", "changes_requested", "overdue", "accepted", "not_started"]
    moved = 0
    for index, application in enumerate(grants):
        lead = application.organisation.members.order_by("pk").first()
        schedule = reports.make_schedule(application, actor=officer)
        report, step = schedule[0], steps[index % len(steps)]
        if step == "in_progress":
            report_answers.report_rows_ensure(report)
            report_answers.report_save(report=report, actor=lead, section="did", what_you_did=DID)
        elif step in ("sent", "changes_requested", "accepted"):
            fill_report(report, lead, shortfall=index % 2 == 0)
            reports.report_send(report=report, actor=lead)
            if step == "changes_requested":
                reason = "Please add photos of the planting days and say why two events were cancelled."
                reports.report_ask_for_changes(report=report, actor=officer, reason=reason)
            elif step == "accepted":
                reports.report_accept(report=report, actor=officer)
        elif step == "overdue":
            past = timezone.localdate() - timezone.timedelta(days=10)
            reports.report_reschedule(report=report, due_date=past, actor=officer, reason="Demo: a report now late")
        moved += step != "not_started"
    reports.reports_mark_overdue()
    return moved
