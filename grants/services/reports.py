"""A grant's reports: the schedule, sending, the officer's review, overdue reports, and the completion
gate. The group's answers are saved by grants.services.report_answers.

Two hooks belong to payments (issue 13) and are wired by the lead at merge, each called in exactly one
place: `_after_report_accepted(report, actor)` when an officer accepts a report (release an instalment
waiting for it, mark its condition met) and `_after_report_overdue(report)` once when a report first
passes its due date unsent (hold the next instalment)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from .. import workflow
from ..models import Application, LedgerEntry, PaymentHold, Report, ReportEvent, ReportState, Status, Strand
from ..models.reports import EDITABLE, NOT_SENT
from ..money import pounds
from ..workflow import Role
from . import payments
from .errors import ActionForbidden, MissingInput, NotReady, TransitionNotAllowed
from .report_answers import report_progress, report_rows_ensure
from .rules import add_months

FINAL_REPORT_WEEKS = 8  # the end-of-project report is due this long after the project's end date
PROGRESS_EVERY_MONTHS = 6  # priorities grants report progress this often
Action = ReportEvent.Action


# ---------------------------------------------------------------- hooks for payments (wired at merge)


def _after_report_accepted(report: Report, actor) -> None:
    """Called once, inside the transaction that accepts `report`: the instalment waiting for a report is
    released, and the overdue-report hold ends once no other report of the grant is overdue."""
    payments.condition_met(report.application, report, actor=actor)
    _release_overdue_hold_if_clear(report.application, actor)


def _release_overdue_hold_if_clear(application: Application, actor) -> None:
    """End the overdue-report hold once no report of the grant is overdue and unaccepted."""
    overdue = application.reports.filter(overdue_at__isnull=False).exclude(state=ReportState.ACCEPTED)
    if not overdue.exists():
        payments.release_holds(application, reason=PaymentHold.Reason.REPORT_OVERDUE, actor=actor)


def _after_report_overdue(report: Report) -> None:
    """Called once, inside the transaction that first marks `report` overdue: the grant's unpaid
    instalments are held until the report is accepted."""
    payments.hold_unpaid(report.application, reason=PaymentHold.Reason.REPORT_OVERDUE, actor=None)


# ---------------------------------------------------------------- the schedule


def _dates(application: Application) -> tuple[dt.date, dt.date]:
    start = application.start_date or timezone.localdate(application.decided_at or timezone.now())
    end = application.end_date or start
    return start, end


def planned_schedule(application: Application) -> list[tuple[str, dt.date]]:
    """The reports a grant owes, as (kind, due date): an environmental grant one end-of-project report
    8 weeks after its end date; a priorities grant a progress report every 6 months while it runs,
    and a final report 8 weeks after its end date."""
    start, end = _dates(application)
    final_due = end + dt.timedelta(weeks=FINAL_REPORT_WEEKS)
    plan = []
    if application.strand.kind == Strand.Kind.PRIORITIES:
        months = PROGRESS_EVERY_MONTHS
        while add_months(start, months) < end:
            plan.append((Report.Kind.PROGRESS, add_months(start, months)))
            months += PROGRESS_EVERY_MONTHS
    plan.append((Report.Kind.FINAL, final_due))
    return plan


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("strand").get(pk=application.pk)


def make_schedule(application: Application, *, actor) -> list[Report]:
    """Make the grant's reports, once: calling it again (another acceptance, a retry) changes nothing
    and returns the reports it has. Guarantees: only a running grant gets a schedule; each report is
    recorded as scheduled by `actor`."""
    with transaction.atomic():
        locked = _lock(application)
        existing = list(locked.reports.order_by("due_date", "id"))
        if existing:
            return existing
        if locked.status not in (Status.GRANT_ACTIVE, Status.COMPLETED):
            raise TransitionNotAllowed("Reports are scheduled once the grant offer has been accepted.")
        reports = [
            Report.objects.create(application=locked, kind=kind, due_date=due) for kind, due in planned_schedule(locked)
        ]
        for report in reports:
            report_rows_ensure(report)
        ReportEvent.objects.bulk_create(
            [ReportEvent(report=r, action=Action.SCHEDULED, actor=_person(actor)) for r in reports]
        )
        return reports


def _person(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _require_officer(actor, application: Application, what: str):
    if Role.OFFICER not in workflow.roles_for(actor, application):
        raise ActionForbidden(f"Only an officer can {what}.")


def report_reschedule(*, report: Report, due_date: dt.date, actor, reason: str) -> Report:
    """Move a report's due date (an officer, with a reason). A report already sent or accepted keeps
    its date. A new date brings new reminders for it, and clears an overdue mark the new date undoes."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().select_related("application").get(pk=report.pk)
        _require_officer(actor, locked.application, "change a report's due date")
        if not (reason or "").strip():
            raise MissingInput("Enter a reason for the new date.")
        if locked.state not in NOT_SENT:
            raise TransitionNotAllowed("This report has been sent, so its due date cannot change.")
        old = locked.due_date
        locked.due_date = due_date
        if due_date >= timezone.localdate():
            locked.overdue_at = None
        locked.save(update_fields=["due_date", "overdue_at", "updated_at"])
        ReportEvent.objects.create(
            report=locked,
            action=Action.RESCHEDULED,
            actor=actor,
            reason=f"From {old:%-d %B %Y} to {due_date:%-d %B %Y}: {reason.strip()}",
        )
        _release_overdue_hold_if_clear(locked.application, actor)
    report.due_date, report.overdue_at = locked.due_date, locked.overdue_at
    return report


def report_add(*, application: Application, due_date: dt.date, actor, reason: str) -> Report:
    """Add a progress report to a running grant's schedule (an officer, with a reason)."""
    with transaction.atomic():
        locked = _lock(application)
        _require_officer(actor, locked, "add a report")
        if not (reason or "").strip():
            raise MissingInput("Enter a reason for the extra report.")
        if locked.status != Status.GRANT_ACTIVE:
            raise TransitionNotAllowed("Reports can be added only to a running grant.")
        report = Report.objects.create(application=locked, kind=Report.Kind.PROGRESS, due_date=due_date)
        ReportEvent.objects.create(report=report, action=Action.SCHEDULED, actor=actor, reason=reason.strip())
        return report


# ---------------------------------------------------------------- sending and the review


def _locked_report(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("application__strand", "application__organisation", "application__assigned_officer")
        .get(pk=report.pk)
    )


def report_send(*, report: Report, actor) -> Report:
    """Send a finished report to the council. Guarantees: only a member of the group sends it, only
    from a state the group may change, only when every section is complete; the officer (or the fund
    team) is emailed once this commits."""
    with transaction.atomic():
        locked = _locked_report(report)
        application = locked.application
        if Role.APPLICANT not in workflow.roles_for(actor, application):
            raise ActionForbidden("Only a member of the group can send its report.")
        if locked.state not in EDITABLE:
            raise TransitionNotAllowed("This report has already been sent.")
        progress = report_progress(locked)
        if not progress.complete:
            raise NotReady("Your report is not ready to send", progress.all_problems)
        locked.state, locked.sent_at = ReportState.SENT, timezone.now()
        locked.save(update_fields=["state", "sent_at", "updated_at"])
        event = ReportEvent.objects.create(report=locked, action=Action.SENT, actor=actor)
        officer = application.assigned_officer
        _email(
            event,
            to=[officer.email] if officer and officer.is_active else [settings.FUND_TEAM_EMAIL],
            subject=f"{application.reference}: a report is waiting for your review",
            template="report_sent",
            path=reverse("admin:grants_report_change", args=[locked.pk]),
        )
    report.state, report.sent_at = locked.state, locked.sent_at
    return report


def _review(report: Report, actor) -> Report:
    locked = _locked_report(report)
    _require_officer(actor, locked.application, "review a report")
    if locked.state != ReportState.SENT:
        raise TransitionNotAllowed("Only a report that has been sent can be reviewed.")
    return locked


def report_accept(*, report: Report, actor) -> Report:
    """Accept a sent report (an officer). Guarantees: the group is emailed; `_after_report_accepted`
    runs once, in the same transaction, so an instalment waiting for the report is released with it."""
    with transaction.atomic():
        locked = _review(report, actor)
        locked.state, locked.accepted_at, locked.accepted_by = ReportState.ACCEPTED, timezone.now(), actor
        locked.save(update_fields=["state", "accepted_at", "accepted_by", "updated_at"])
        event = ReportEvent.objects.create(report=locked, action=Action.ACCEPTED, actor=actor)
        _email_group(event, f"Your report on {locked.application.reference} has been accepted", "report_accepted")
        _after_report_accepted(locked, actor)
    report.state, report.accepted_at = locked.state, locked.accepted_at
    return report


def report_ask_for_changes(*, report: Report, actor, reason: str) -> Report:
    """Send a report back to the group with the officer's reasons: it reopens for changes and the
    group is emailed the reasons."""
    if not (reason or "").strip():
        raise MissingInput("Enter what the group needs to change.")
    with transaction.atomic():
        locked = _review(report, actor)
        locked.state = ReportState.CHANGES_REQUESTED
        locked.save(update_fields=["state", "updated_at"])
        event = ReportEvent.objects.create(
            report=locked, action=Action.CHANGES_REQUESTED, actor=actor, reason=reason.strip()
        )
        _email_group(event, f"Please change your report on {locked.application.reference}", "report_changes")
    report.state = locked.state
    return report


def _email_group(event: ReportEvent, subject: str, template: str):
    application = event.report.application
    members = application.organisation.members.filter(is_active=True).values_list("email", flat=True)
    _email(
        event,
        to=sorted(members),
        subject=subject,
        template=template,
        path=reverse("grants:report", args=[application.pk, event.report.pk]),
    )


def _email(event: ReportEvent, *, to, subject, template, path):
    from ..emails import queue

    report = event.report
    queue(
        to=list(to),
        subject=subject,
        template=template,
        context={"report": report, "application": report.application, "event": event, "action_path": path},
        key=f"report_event:{event.pk}",
        about=report.application,
    )


# ---------------------------------------------------------------- overdue reports


def reports_mark_overdue(*, now: dt.datetime | None = None) -> int:
    """Mark each running grant's report that has passed its due date unsent as overdue, once, and call
    `_after_report_overdue` for it in the same transaction. Safe to run as often as beat likes."""
    today = timezone.localdate(now or timezone.now())
    ids = list(
        Report.objects.waiting_for_group()
        .filter(due_date__lt=today, overdue_at__isnull=True)
        .values_list("pk", flat=True)
    )
    marked = 0
    for pk in ids:
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("application")
                .filter(pk=pk, overdue_at__isnull=True, state__in=NOT_SENT, due_date__lt=today)
                .first()
            )
            if report is None:
                continue
            report.overdue_at = now or timezone.now()
            report.save(update_fields=["overdue_at", "updated_at"])
            ReportEvent.objects.create(report=report, action=Action.OVERDUE)
            _after_report_overdue(report)
            marked += 1
    return marked


# ---------------------------------------------------------------- underspend and completion


def underspend_returned(application: Application):
    """What the ledger says the group has given back (a positive amount)."""
    total = application.ledger_entries.filter(kind=LedgerEntry.Kind.UNDERSPEND).aggregate(s=Sum("amount"))["s"]
    return -(total or 0)


def underspend_waive(*, report: Report, actor, reason: str) -> Report:
    """An officer lets the group keep a final report's underspend, with a reason."""
    if not (reason or "").strip():
        raise MissingInput("Enter why the underspend need not be returned.")
    with transaction.atomic():
        locked = _locked_report(report)
        _require_officer(actor, locked.application, "waive an underspend")
        locked.underspend_waived_reason, locked.underspend_waived_by = reason.strip(), actor
        locked.save(update_fields=["underspend_waived_reason", "underspend_waived_by", "updated_at"])
        ReportEvent.objects.create(report=locked, action=Action.UNDERSPEND_WAIVED, actor=actor, reason=reason.strip())
    report.underspend_waived_reason = locked.underspend_waived_reason
    return report


def completion_problems(application: Application) -> list[str]:
    """What stops a grant being marked completed: its final report accepted, and any underspend it
    reports returned through the ledger or waived by an officer with a reason. Empty when it may."""
    final = application.reports.filter(kind=Report.Kind.FINAL).first()
    if final is None or final.state != ReportState.ACCEPTED:
        return ["the end-of-grant report has not been accepted yet"]
    owed = final.underspend or 0
    if owed > 0 and not final.underspend_waived_reason and underspend_returned(application) < owed:
        return [f"the underspend of {pounds(owed)} has not been returned or waived"]
    return []
