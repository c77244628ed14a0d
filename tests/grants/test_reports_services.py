"""Reports' services: the schedule, saving and sending, the officer's review, overdue reports, and the
gate on marking a grant completed. The payments hooks are each called once, in one place."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail

from grants import services
from grants.demo_reports import fill_report, sign_off
from grants.models import LedgerEntry, OutcomeMeasure, Report, ReportEvent, ReportState, Status
from grants.services import outcomes, report_answers, reports
from kbt.outbox.models import OutboxEmail
from tests.factories import accept, application_at, priorities_strand

pytestmark = pytest.mark.django_db


def running(**fields):
    application = application_at(Status.GRANT_ACTIVE, **fields)
    return application


def test_an_environmental_grant_owes_one_report_8_weeks_after_it_ends():
    application = running(start_date=dt.date(2027, 1, 1), end_date=dt.date(2027, 6, 30))
    made = reports.make_schedule(application, actor=application.cast.officer)
    assert [(r.kind, r.due_date) for r in made] == [(Report.Kind.FINAL, dt.date(2027, 8, 25))]
    assert ReportEvent.objects.filter(report=made[0], action="scheduled").count() == 1


def test_a_priorities_grant_reports_progress_every_6_months_and_a_final_report():
    application = running(strand=priorities_strand(), start_date=dt.date(2027, 1, 1), end_date=dt.date(2028, 6, 30))
    made = reports.make_schedule(application, actor=application.cast.officer)
    assert [(r.kind, r.due_date) for r in made] == [
        (Report.Kind.PROGRESS, dt.date(2027, 7, 1)),
        (Report.Kind.PROGRESS, dt.date(2028, 1, 1)),
        (Report.Kind.FINAL, dt.date(2028, 8, 25)),
    ]


def test_making_the_schedule_twice_changes_nothing():
    application = running()
    first = reports.make_schedule(application, actor=application.cast.officer)
    second = reports.make_schedule(application, actor=application.cast.officer)
    assert [r.pk for r in first] == [r.pk for r in second]
    assert Report.objects.filter(application=application).count() == 1


def test_no_schedule_before_the_offer_is_accepted():
    application = application_at(Status.APPROVED)
    with pytest.raises(services.TransitionNotAllowed):
        reports.make_schedule(application, actor=application.cast.officer)


def test_a_report_carries_the_promised_measures_and_budget_lines():
    trees = OutcomeMeasure.objects.get(slug="env-trees-bulbs")
    # The group promises its numbers in the application; accepting the offer schedules the reports.
    application = application_at(Status.OFFER_ISSUED)
    application.outcome_targets.create(measure=trees, target=300)
    accept(application, application.applicant)
    report = application.reports.get()
    assert [(m.measure, m.target) for m in report.measures.all()] == [(trees, 300)]
    assert report.spending.count() == application.budget_lines.count() == 1


def test_only_an_officer_changes_the_schedule_and_with_a_reason():
    application = running()
    officer = application.cast.officer
    report = reports.make_schedule(application, actor=officer)[0]
    with pytest.raises(services.ActionForbidden):
        reports.report_reschedule(report=report, due_date=dt.date(2028, 1, 1), actor=application.applicant, reason="x")
    with pytest.raises(services.MissingInput):
        reports.report_reschedule(
            report=report, due_date=dt.date(2028, 1, 1), actor=application.cast.officer, reason=""
        )
    reports.report_reschedule(
        report=report, due_date=dt.date(2028, 1, 1), actor=application.cast.officer, reason="Project extended"
    )
    report.refresh_from_db()
    assert report.due_date == dt.date(2028, 1, 1)
    assert "Project extended" in report.events.get(action="rescheduled").reason
    extra = reports.report_add(
        application=application, due_date=dt.date(2027, 9, 1), actor=application.cast.officer, reason="Check-in"
    )
    assert extra.kind == Report.Kind.PROGRESS


def test_an_unfinished_report_cannot_be_sent_and_says_what_is_missing():
    application = running()
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    report_answers.report_save(report=report, actor=application.applicant, section="did", what_you_did="Planting")
    assert report.state == ReportState.IN_PROGRESS
    with pytest.raises(services.NotReady, match="say how many people benefited"):
        reports.report_send(report=report, actor=application.applicant)
    report.refresh_from_db()
    assert report.state == ReportState.IN_PROGRESS


def test_a_line_more_than_10_percent_out_needs_an_explanation():
    application = running(amount="5000.00")
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    fill_report(report, application.applicant)
    line = application.budget_lines.get()
    report_answers.report_spending_save(
        report=report, actor=application.applicant, answers={line.pk: (Decimal("4400.00"), "")}
    )
    progress = report_answers.report_progress(report)
    assert progress.status["spending"] == report_answers.IN_PROGRESS
    assert progress.problems["spending"] == ["say why spending on Plants and tools is more than 10% away from £5,000"]
    report_answers.report_spending_save(
        report=report, actor=application.applicant, answers={line.pk: (Decimal("4600.00"), "")}
    )
    assert report_answers.report_progress(report).complete


def test_sending_emails_the_officer_once_and_locks_the_report(django_capture_on_commit_callbacks):
    application = running()
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    fill_report(report, application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_send(report=report, actor=application.applicant)
    report.refresh_from_db()
    assert report.state == ReportState.SENT
    emails = OutboxEmail.objects.filter(kind="report_sent")
    assert emails.count() == 1
    assert [m.subject for m in mail.outbox if "waiting for your review" in m.subject] == [
        f"{application.reference}: a report is waiting for your review"
    ]
    with pytest.raises(services.TransitionNotAllowed):
        report_answers.report_save(report=report, actor=application.applicant, section="did", what_you_did="More")
    with pytest.raises(services.TransitionNotAllowed):
        reports.report_send(report=report, actor=application.applicant)


def test_someone_outside_the_group_cannot_write_or_send_it():
    application = running()
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    with pytest.raises(services.ActionForbidden):
        report_answers.report_save(report=report, actor=application.cast.stranger, section="did", what_you_did="x")


def sent_report(application=None):
    application = application or running()
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    fill_report(report, application.applicant)
    reports.report_send(report=report, actor=application.applicant)
    return application, report


def test_asking_for_changes_reopens_it_and_emails_the_group_the_reasons():
    application, report = sent_report()
    with pytest.raises(services.MissingInput):
        reports.report_ask_for_changes(report=report, actor=application.cast.officer, reason=" ")
    with pytest.raises(services.ActionForbidden):
        reports.report_ask_for_changes(report=report, actor=application.applicant, reason="Mine")
    reports.report_ask_for_changes(report=report, actor=application.cast.officer, reason="Add the photos")
    report.refresh_from_db()
    assert report.state == ReportState.CHANGES_REQUESTED and report.editable
    email = OutboxEmail.objects.get(kind="report_changes")
    assert email.recipient == application.applicant.email
    assert "Add the photos" in email.body_text
    reports.report_send(report=report, actor=application.applicant)
    report.refresh_from_db()
    assert report.state == ReportState.SENT


def test_accepting_emails_the_group_and_calls_the_payments_hook_once():
    application, report = sent_report()
    with mock.patch.object(reports, "_after_report_accepted") as hook:
        reports.report_accept(report=report, actor=application.cast.officer)
    hook.assert_called_once()
    assert hook.call_args.args[0].pk == report.pk and hook.call_args.args[1] == application.cast.officer
    report.refresh_from_db()
    assert (report.state, report.accepted_by) == (ReportState.ACCEPTED, application.cast.officer)
    assert OutboxEmail.objects.filter(kind="report_accepted", recipient=application.applicant.email).count() == 1
    with pytest.raises(services.TransitionNotAllowed):
        reports.report_accept(report=report, actor=application.cast.officer)


def test_an_overdue_report_is_marked_once_and_the_payments_hook_called_once():
    application = running()
    report = reports.make_schedule(application, actor=application.cast.officer)[0]
    Report.objects.filter(pk=report.pk).update(due_date=dt.date(2025, 8, 25))
    with mock.patch.object(reports, "_after_report_overdue") as hook:
        assert reports.reports_mark_overdue() == 1
        assert reports.reports_mark_overdue() == 0
    hook.assert_called_once()
    report.refresh_from_db()
    assert report.overdue_at is not None
    assert report.events.filter(action="overdue").count() == 1


def test_a_report_not_yet_due_or_already_sent_is_not_overdue():
    application, report = sent_report()
    Report.objects.filter(pk=report.pk).update(due_date=dt.date(2025, 8, 25))
    future = running()
    reports.make_schedule(future, actor=future.cast.officer)
    assert reports.reports_mark_overdue() == 0


def test_completion_needs_the_final_report_accepted():
    application = running()
    officer = application.cast.officer
    with pytest.raises(services.NotReady, match="end-of-grant report has not been accepted"):
        services.application_transition(application=application, action="complete", actor=officer)
    sign_off(application, applicant=application.applicant, officer=officer)
    services.application_transition(application=application, action="complete", actor=officer)
    application.refresh_from_db()
    assert application.status == Status.COMPLETED


def test_completion_needs_an_underspend_returned_or_waived():
    application = running(amount="5000.00")
    officer = application.cast.officer
    report = reports.make_schedule(application, actor=officer)[0]
    fill_report(report, application.applicant)
    report_answers.report_save(
        report=report,
        actor=application.applicant,
        section="underspend",
        underspend=Decimal("300.00"),
        underspend_explanation="Plants were cheaper",
    )
    reports.report_send(report=report, actor=application.applicant)
    reports.report_accept(report=report, actor=officer)
    with pytest.raises(services.NotReady, match="underspend of £300 has not been returned or waived"):
        services.application_transition(application=application, action="complete", actor=officer)
    services.application_return_underspend(application=application, amount=Decimal("300.00"), actor=officer)
    assert LedgerEntry.objects.filter(application=application, kind="underspend").count() == 1
    services.application_transition(application=application, action="complete", actor=officer)
    application.refresh_from_db()
    assert application.status == Status.COMPLETED


def test_an_officer_may_waive_the_underspend_with_a_reason():
    application = running(amount="5000.00")
    officer = application.cast.officer
    report = reports.make_schedule(application, actor=officer)[0]
    fill_report(report, application.applicant)
    report_answers.report_save(
        report=report, actor=application.applicant, section="underspend", underspend=Decimal("50.00"),
        underspend_explanation="Small saving",
    )  # fmt: skip
    reports.report_send(report=report, actor=application.applicant)
    reports.report_accept(report=report, actor=officer)
    with pytest.raises(services.MissingInput):
        reports.underspend_waive(report=report, actor=officer, reason="")
    reports.underspend_waive(report=report, actor=officer, reason="Less than the cost of collecting it")
    services.application_transition(application=application, action="complete", actor=officer)
    application.refresh_from_db()
    assert application.status == Status.COMPLETED


def test_principles_chosen_by_the_group_and_confirmed_by_an_officer():
    from deals.models import Principle
    from deals.principles import ensure_principles

    ensure_principles()
    application = application_at(Status.DRAFT)
    first, second, third = Principle.objects.order_by("number")[:3]
    outcomes.principles_choose(application=application, principle_ids=[first.pk, second.pk])
    walked = application_at(Status.IN_ASSESSMENT)
    outcomes.principles_choose(application=application, principle_ids=[first.pk])
    assert list(application.principle_choices.values_list("principle_id", flat=True)) == [first.pk]
    walked.principle_choices.create(principle=first)
    walked.principle_choices.create(principle=second)
    with pytest.raises(services.ActionForbidden):
        outcomes.principles_confirm(application=walked, actor=walked.applicant, principle_ids=[first.pk])
    outcomes.principles_confirm(application=walked, actor=walked.cast.officer, principle_ids=[first.pk, third.pk])
    rows = {(r.principle_id, r.chosen_by_group, r.confirmed) for r in walked.principle_choices.all()}
    assert rows == {(first.pk, True, True), (second.pk, True, False), (third.pk, False, True)}


@pytest.mark.parametrize("hook", ["_after_report_accepted", "_after_report_overdue"])
def test_each_payments_hook_is_called_in_exactly_one_place(hook):
    """The lead wires each hook to payments at merge: one function, one call, in grants/services/reports.py."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    calls = [
        (path.relative_to(root).as_posix(), line.strip())
        for folder in ("grants", "deals", "kbt")
        for path in (root / folder).rglob("*.py")
        for line in path.read_text().splitlines()
        if line.strip().startswith(f"{hook}(")
    ]
    assert [path for path, _ in calls] == ["grants/services/reports.py"], calls
