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
