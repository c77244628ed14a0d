"""Reports' reminders on the shared registry (grants/reminders.py imports this module): to the group 14
days before a report is due, on the day, and 7 days after it is overdue (the timings are data); and the
reports the officers' daily digest and the councillors' weekly digest list."""

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from kbt.reminders.days import day_start, latest_due_day
from kbt.reminders.registry import Due, Email, ReminderKind, registry
from kbt.reminders.registry import type_id as _type_id

from .models import Report, ReportState, Status
from .models.reports import NOT_SENT

# The "on the day" reminder is sent up to this many days late (a sweep missed); then the overdue one takes over.
LATE_DAYS = 7


def _open_reports():
    return Report.objects.filter(state__in=NOT_SENT, application__status=Status.GRANT_ACTIVE)


def _members(reports):
    return reports.filter(application__organisation__memberships__user__is_active=True).values_list(
        "pk", "due_date", "application__organisation__memberships__user__email"
    )


def _still_waiting(report: Report) -> bool:
    return report.state in NOT_SENT and report.application.status == Status.GRANT_ACTIVE


def _email(report: Report, *, overdue: bool) -> Email:
    application = report.application
    when = f"{report.due_date:%-d %B %Y}"
    subject = (
        f"Your report on {application.reference} was due on {when}"
        if overdue
        else f"Your report on {application.reference} is due on {when}"
    )
    return Email(
        subject=subject,
        template="reminder_report_due",
        context={
            "report": report,
            "application": application,
            "overdue": overdue,
            "action_path": reverse("grants:report", args=[application.pk, report.pk]),
        },
    )


@registry.register
class ReportDue(ReminderKind):
    key = "report_due"
    label = "Applicants: a grant report coming due"
    days_mean = "days before the report is due (0: on the day)"
    defaults = ({"days": 14}, {"days": 0})

    def due(self, rules, now):
        # Each timing covers the days until the next, nearer one: a report scheduled late gets only the
        # nearest reminder, not all of them at once.
        rules = sorted(rules, key=lambda r: -r.days)
        type_id = _type_id(Report)
        for i, rule in enumerate(rules):
            last_day = latest_due_day(now, rule.send_from)
            reports = _open_reports().filter(due_date__lte=last_day + dt.timedelta(days=rule.days))
            if i + 1 < len(rules):
                reports = reports.filter(due_date__gt=last_day + dt.timedelta(days=rules[i + 1].days))
            else:
                reports = reports.filter(due_date__gt=last_day - dt.timedelta(days=LATE_DAYS))
            for pk, due_date, email in _members(reports):
                yield Due(self.key, type_id, pk, email.lower(), due_date - dt.timedelta(days=rule.days))

    def email(self, reminder, report):
        report = Report.objects.select_related("application").get(pk=report.pk)
        if not _still_waiting(report) or report.due_date < reminder.due_date:
            return None
        return _email(report, overdue=False)


@registry.register
class ReportOverdue(ReminderKind):
    key = "report_overdue"
    label = "Applicants: a grant report overdue"
    days_mean = "days after the report was due"
    defaults = ({"days": 7},)

    def due(self, rules, now):
        type_id = _type_id(Report)
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            reports = _open_reports().filter(due_date__lte=last_day - dt.timedelta(days=rule.days))
            for pk, due_date, email in _members(reports):
                yield Due(self.key, type_id, pk, email.lower(), due_date + dt.timedelta(days=rule.days))

    def email(self, reminder, report):
        report = Report.objects.select_related("application").get(pk=report.pk)
        if not _still_waiting(report) or report.due_date >= reminder.due_date:
            return None
        return _email(report, overdue=True)


# ---------------------------------------------------------------- what the digests list


def reports_waiting_for_review(day: dt.date):
    """Reports sent before `day` and not yet reviewed: the officers' digest lists them."""
    return Report.objects.filter(state=ReportState.SENT, sent_at__lt=day_start(day))


def officers_with_reports(day: dt.date) -> set:
    """The assigned officers of reports waiting (None among them: some are nobody's, so everybody's)."""
    return set(reports_waiting_for_review(day).values_list("application__assigned_officer_id", flat=True).distinct())


def officer_report_rows(officer, day: dt.date) -> list[dict]:
    reports = (
        reports_waiting_for_review(day)
        .filter(Q(application__assigned_officer=officer) | Q(application__assigned_officer__isnull=True))
        .select_related("application__organisation")
        .order_by("sent_at")
    )
    return [{"report": r, "admin_path": reverse("admin:grants_report_change", args=[r.pk])} for r in reports]


def reports_sent_in_week(day: dt.date):
    """Environmental grants' reports sent in the 7 days before `day`: the councillors' digest lists them."""
    return Report.objects.filter(
        application__strand__councillors_decide=True,
        application__ward__isnull=False,
        sent_at__gte=day_start(day - dt.timedelta(days=7)),
        sent_at__lt=day_start(day),
    )


def councillor_users_with_reports(day: dt.date):
    """(user id, email) of the active councillors of the wards with reports sent that week."""
    return (
        reports_sent_in_week(day)
        .filter(application__ward__councillors__user__is_active=True)
        .order_by()
        .values_list("application__ward__councillors__user_id", "application__ward__councillors__user__email")
        .distinct()
    )


def councillor_report_rows(councillor, day: dt.date) -> list:
    return list(
        reports_sent_in_week(day)
        .filter(application__ward__in=councillor.wards.all())
        .select_related("application__ward", "application__organisation")
        .order_by("application__ward__name", "sent_at")
    )
