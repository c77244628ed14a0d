"""Grants' kinds of reminder, registered on the shared registry (kbt/reminders/registry.py): drafts as
their round closes, unanswered information requests, the officers' daily digest and the councillors'
weekly digest."""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from kbt.accounts.models import OFFICER_GROUP, User
from kbt.reminders.days import at, day_start, is_working_day, latest_due_day, working_days_before, working_days_between
from kbt.reminders.registry import Due, Email, ReminderKind, registry
from kbt.reminders.registry import type_id as _type_id

from . import report_reminders
from .models import Application, Councillor, CouncillorVote, ReminderRule, Status, StatusChange
from .models.applications import WITH_OFFICERS
from .selectors.councillors import councillor_interest
from .selectors.partnership import digest_councillors, digest_new_drafts, digest_unanswered

# Applicants


@registry.register
class DraftRoundClosing(ReminderKind):
    key = "draft_round_closing"
    label = "Applicants: a draft not sent as its round closes"
    days_mean = "days before the round closes"
    defaults = ({"days": 7}, {"days": 1})

    def due(self, rules, now):
        # Each timing covers the days until the next, nearer one is due, so a draft started late gets
        # the nearest reminder only, not all of them at once.
        rules = sorted(rules, key=lambda r: -r.days)
        type_id = _type_id(Application)
        for i, rule in enumerate(rules):
            last_day = latest_due_day(now, rule.send_from)
            drafts = Application.objects.filter(
                status=Status.DRAFT,
                round__closes_at__gt=now,
                round__closes_at__lt=day_start(last_day + dt.timedelta(days=rule.days + 1)),
            )
            if i + 1 < len(rules):
                nearer = rules[i + 1]
                nearer_day = latest_due_day(now, nearer.send_from)
                drafts = drafts.filter(round__closes_at__gte=day_start(nearer_day + dt.timedelta(days=nearer.days + 1)))
            rows = drafts.filter(organisation__memberships__user__is_active=True).values_list(
                "pk", "round__closes_at", "organisation__memberships__user__email"
            )
            for pk, closes_at, email in rows:
                due_date = timezone.localdate(closes_at) - dt.timedelta(days=rule.days)
                yield Due(self.key, type_id, pk, email.lower(), due_date)

    def email(self, reminder, application):
        application = Application.objects.select_related("round", "strand").get(pk=application.pk)
        if application.status != Status.DRAFT or not application.round.is_open():
            return None
        closes_at = timezone.localtime(application.round.closes_at)
        return Email(
            subject=f"Your application {application.reference} is not sent yet: the round closes on {closes_at:%-d %B}",
            template="reminder_draft_round_closing",
            context={
                "application": application,
                "closes_at": closes_at,
                "action_path": reverse("grants:application", args=[application.pk]),
            },
        )


@registry.register
class InformationUnanswered(ReminderKind):
    key = "information_unanswered"
    label = "Applicants: an information request not answered"
    days_mean = "days after the officer asked"
    defaults = ({"days": 7},)

    def due(self, rules, now):
        type_id = _type_id(StatusChange)
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            later = StatusChange.objects.filter(
                application=OuterRef("application"), created_at__gt=OuterRef("created_at")
            )
            requests = (
                StatusChange.objects.filter(
                    to_status=Status.INFO_REQUESTED,
                    application__status=Status.INFO_REQUESTED,
                    created_at__lt=day_start(last_day - dt.timedelta(days=rule.days - 1)),
                )
                .filter(~Exists(later))
                .filter(application__organisation__memberships__user__is_active=True)
                .values_list("pk", "created_at", "application__organisation__memberships__user__email")
            )
            for pk, asked_at, email in requests:
                due_date = timezone.localdate(asked_at) + dt.timedelta(days=rule.days)
                yield Due(self.key, type_id, pk, email.lower(), due_date)

    def email(self, reminder, request):
        application = request.application
        latest = application.status_changes.order_by("-created_at", "-id").first()
        if application.status != Status.INFO_REQUESTED or latest != request:
            return None
        return Email(
            subject=f"We are still waiting for your answer about {application.reference}",
            template="reminder_information_unanswered",
            context={
                "application": application,
                "request": request,
                "asked_on": timezone.localdate(request.created_at),
                "action_path": reverse("grants:answer_info", args=[application.pk]),
            },
        )


# Officers


def _officers():
    return User.objects.filter(groups__name=OFFICER_GROUP, is_active=True)


@registry.register
class OfficerDigest(ReminderKind):
    """One email a day per officer: their bids, and the unassigned ones, waiting too long for assessment.

    Unassigned bids go to every officer: nobody has picked them up, and a small team shares the work, so
    each officer is asked to assign them. Bids in assessment count too until their assessment is
    finished (every criterion scored): a finished assessment waits only for the recommendation."""

    key = "officer_digest"
    label = "Officers: daily digest of bids waiting for assessment"
    days_mean = "working days since the bid was sent"
    defaults = ({"days": 10},)

    WAITING = WITH_OFFICERS

    def waiting_bids(self, rule_days: int, day: dt.date):
        cutoff_day = working_days_before(day, rule_days)
        return Application.objects.filter(
            status__in=self.WAITING, submitted_at__lt=day_start(cutoff_day + dt.timedelta(1))
        ).exclude(assessment__total_score__isnull=False)

    def due(self, rules, now):
        type_id = _type_id(User)
        local = timezone.localtime(now)
        for rule in rules:
            day = local.date()
            if local.time() < rule.send_from or not is_working_day(day):
                continue  # not due yet, or not a working day; yesterday's is superseded by today's
            assigned = set(self.waiting_bids(rule.days, day).values_list("assigned_officer_id", flat=True).distinct())
            assigned |= report_reminders.officers_with_reports(day)
            if not assigned:
                continue
            officers = _officers()
            if None not in assigned:
                officers = officers.filter(pk__in=assigned)
            for pk, email in officers.values_list("pk", "email").distinct():
                yield Due(self.key, type_id, pk, email.lower(), day)

    def email(self, reminder, officer):
        rule_days = _rule_days(reminder)
        bids = list(
            self.waiting_bids(rule_days, reminder.due_date)
            .filter(Q(assigned_officer=officer) | Q(assigned_officer__isnull=True))
            .select_related("organisation")
            .order_by("submitted_at")
        )
        reports = report_reminders.officer_report_rows(officer, reminder.due_date)
        if not bids and not reports:
            return None
        rows = [
            {
                "application": bid,
                "working_days": working_days_between(timezone.localdate(bid.submitted_at), reminder.due_date),
                "assigned": bid.assigned_officer_id == officer.pk,
                "admin_path": reverse("admin:grants_application_change", args=[bid.pk]),
            }
            for bid in bids
        ]
        plural = "s" if len(bids) != 1 else ""
        subject = f"{len(bids)} bid{plural} waiting more than {rule_days} working days for assessment"
        if reports:
            waiting = f"{len(reports)} report{'s' if len(reports) != 1 else ''} waiting for review"
            subject = f"{subject}; {waiting}" if bids else waiting
        return Email(
            subject=subject,
            template="reminder_officer_digest",
            context={
                "reports": reports,
                "rows": rows,
                "rule_days": rule_days,
                "mine": [r for r in rows if r["assigned"]],
                "unassigned": [r for r in rows if not r["assigned"]],
                "list_path": reverse("admin:grants_application_changelist"),
            },
        )


def _rule_days(reminder) -> int:
    """A digest's timing: digests have one per kind, read when the email is built."""
    days = ReminderRule.objects.filter(kind=reminder.kind).order_by("days").values_list("days", flat=True).first()
    return days if days is not None else registry.get(reminder.kind).defaults[0]["days"]


# Councillors


def _awaiting_since():
    return Subquery(
        StatusChange.objects.filter(application=OuterRef("pk"), to_status=Status.AWAITING_DECISION)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


@registry.register
class CouncillorDigest(ReminderKind):
    """One email a week per councillor: environmental bids in their wards waiting for their decision (not
    those they declared an interest in, nor those they have voted on and others have still to decide)."""

    key = "councillor_digest"
    label = "Councillors: weekly digest of bids waiting for their decision"
    days_mean = "days a bid has waited for a decision"
    defaults = ({"days": 5, "weekday": 0},)
    weekly = True

    @staticmethod
    def digest_day(now: dt.datetime, rule) -> dt.date:
        """The latest day this week's digest was due by `now`: a late week still gets its digest."""
        local = timezone.localtime(now)
        weekday = rule.weekday if rule.weekday is not None else 0
        day = local.date() - dt.timedelta(days=(local.weekday() - weekday) % 7)
        if day == local.date() and local.time() < rule.send_from:
            day -= dt.timedelta(days=7)
        return day

    def waiting_bids(self, rule_days: int, as_of: dt.datetime):
        return (
            Application.objects.filter(
                strand__councillors_decide=True, status=Status.AWAITING_DECISION, ward__isnull=False
            )
            .annotate(waiting_since=_awaiting_since())
            .filter(waiting_since__lte=as_of - dt.timedelta(days=rule_days))
        )

    def due(self, rules, now):
        type_id = _type_id(User)
        for rule in rules:
            day = self.digest_day(now, rule)
            # Each (bid, councillor of its ward) pair, less those with an interest in the bid (declared,
            # or a member of the group) or who have already voted on it: they have nothing to decide.
            councillors = (
                self.waiting_bids(rule.days, at(day, rule.send_from))
                .annotate(
                    councillor_id=F("ward__councillors"),
                    councillor_user_id=F("ward__councillors__user"),
                    councillor_email=F("ward__councillors__user__email"),
                    councillor_active=F("ward__councillors__user__is_active"),
                )
                .filter(councillor_active=True)
                .exclude(
                    councillor_interest(
                        application=OuterRef("pk"),
                        organisation=OuterRef("organisation_id"),
                        councillor=OuterRef("councillor_id"),
                        user=OuterRef("councillor_user_id"),
                    )
                )
                .exclude(
                    Exists(
                        CouncillorVote.objects.filter(application=OuterRef("pk"), councillor=OuterRef("councillor_id"))
                    )
                )
                .order_by()
                .values_list("councillor_user_id", "councillor_email")
                .distinct()
            )
            # Bids waiting, reports sent this week (issue 14), drafts shared this week and comments still
            # waiting for the group's answer (issue 19): one digest each, whatever brings them in.
            since = at(day, rule.send_from) - dt.timedelta(days=7)
            people = (
                set(councillors)
                | set(report_reminders.councillor_users_with_reports(day))
                | set(digest_councillors(since).values_list("user_id", "user__email"))
            )
            for pk, email in sorted(people):
                yield Due(self.key, type_id, pk, email.lower(), day)

    def email(self, reminder, user):
        rule = ReminderRule.objects.filter(kind=self.key).order_by("days").first()
        rule_days, send_from = (rule.days, rule.send_from) if rule else (5, dt.time(8))
        councillor = Councillor.objects.filter(user=user).first()
        if councillor is None:
            return None
        bids = list(
            self.waiting_bids(rule_days, at(reminder.due_date, send_from))
            .filter(ward__in=councillor.wards.all())
            .exclude(
                councillor_interest(
                    application=OuterRef("pk"),
                    organisation=OuterRef("organisation_id"),
                    councillor=councillor,
                    user=councillor.user_id,
                )
            )
            .exclude(councillor_votes__councillor=councillor)
            .select_related("organisation", "ward")
            .order_by("ward__name", "waiting_since")
        )
        reports = report_reminders.councillor_report_rows(councillor, reminder.due_date)
        since = at(reminder.due_date, send_from) - dt.timedelta(days=7)
        new_drafts, unanswered = digest_new_drafts(councillor, since), digest_unanswered(councillor)
        if not (bids or reports or new_drafts or unanswered):
            return None
        today = timezone.localdate()
        rows = [{"application": bid, "days": (today - timezone.localdate(bid.waiting_since)).days} for bid in bids]
        wards = "wards" if councillor.wards.count() > 1 else "ward"
        subject = f"{len(bids)} bid{'s' if len(bids) != 1 else ''} in your {wards} waiting for your decision"
        if not bids and reports:
            subject = f"{len(reports)} report{'s' if len(reports) != 1 else ''} from grants in your {wards} this week"
        elif not bids:
            subject = "Your week: drafts groups have shared with you"
        return Email(
            subject=subject,
            template="reminder_councillor_digest",
            context={
                "rows": rows,
                "reports": reports,
                "rule_days": rule_days,
                "action_path": reverse("grants:councillor_bids"),
                "new_drafts": new_drafts,
                "unanswered": unanswered,
                "drafts_path": reverse("grants:councillor_drafts"),
            },
        )


# The offers' and payments' kinds live beside their code; importing them registers them.
from . import offer_reminders, payment_reminders  # noqa: E402, F401, I001
