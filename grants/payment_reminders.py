"""Payments' kinds of reminder, on the shared registry (kbt/reminders/registry.py): Finance's weekly
digest of instalments due, and a group told when an overdue report is holding its payment. Each is
claimed once per (kind, object, recipient, due date) before it is sent."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from kbt.accounts.models import FINANCE_GROUP, User
from kbt.reminders.days import at, latest_due_day
from kbt.reminders.registry import Due, Email, ReminderKind, registry
from kbt.reminders.registry import type_id as _type_id

from .models import Instalment, PaymentHold, ReminderRule


def _rule(kind: ReminderKind):
    rule = ReminderRule.objects.filter(kind=kind.key).order_by("days").first()
    return (rule.days, rule.send_from) if rule else (kind.defaults[0]["days"], dt.time(8))


@registry.register
class FinanceDigest(ReminderKind):
    """One email a week to each member of Finance: the instalments due now or within the rule's days,
    not yet in a run, with how many of them are held."""

    key = "finance_digest"
    label = "Finance: weekly digest of instalments due"
    days_mean = "days ahead of the due date"
    defaults = ({"days": 7, "weekday": 0},)
    weekly = True

    @staticmethod
    def digest_day(now: dt.datetime, rule) -> dt.date:
        local = timezone.localtime(now)
        weekday = rule.weekday if rule.weekday is not None else 0
        day = local.date() - dt.timedelta(days=(local.weekday() - weekday) % 7)
        if day == local.date() and local.time() < rule.send_from:
            day -= dt.timedelta(days=7)
        return day

    @staticmethod
    def coming(day: dt.date, days: int):
        return Instalment.objects.unpaid().filter(
            payment_run=None, due_date__lte=day + dt.timedelta(days=days), application__status__in=("grant_active",)
        )

    def due(self, rules, now):
        type_id = _type_id(User)
        for rule in rules:
            day = self.digest_day(now, rule)
            if not self.coming(day, rule.days).exists():
                continue
            finance = User.objects.filter(groups__name=FINANCE_GROUP, is_active=True).values_list("pk", "email")
            for pk, email in finance:
                yield Due(self.key, type_id, pk, email.lower(), day)

    def email(self, reminder, user):
        days, _ = _rule(self)
        coming = self.coming(reminder.due_date, days)
        ready = coming.condition_met().payable()
        figures = coming.aggregate(n=Count("id"), total=Sum("amount"), now=Count("id", filter=Q(pk__in=ready)))
        if not figures["n"]:
            return None
        return Email(
            subject=f"{figures['n']} grant payment{'s' if figures['n'] != 1 else ''} due in the next {days} days",
            template="reminder_finance_digest",
            context={
                "count": figures["n"],
                "total": figures["total"],
                "ready": figures["now"],
                "days": days,
                "build_path": reverse("admin:grants_paymentrun_build"),
            },
        )


@registry.register
class PaymentHeldByReport(ReminderKind):
    """A group is told, once, that an overdue report is holding its payment."""

    key = "payment_held_report"
    label = "Groups: a payment held because a report is overdue"
    days_mean = "days after the payment was held"
    defaults = ({"days": 0},)

    def due(self, rules, now):
        type_id = _type_id(PaymentHold)
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            holds = PaymentHold.objects.filter(
                reason=PaymentHold.Reason.REPORT_OVERDUE,
                released_at=None,
                created_at__lt=at(last_day - dt.timedelta(days=rule.days - 1), dt.time(0)),
                application__organisation__memberships__user__is_active=True,
            ).values_list("pk", "created_at", "application__organisation__memberships__user__email")
            for pk, created_at, email in holds:
                yield Due(
                    self.key, type_id, pk, email.lower(), timezone.localdate(created_at) + dt.timedelta(rule.days)
                )

    def email(self, reminder, hold):
        if hold.released_at is not None:
            return None
        application = hold.application
        return Email(
            subject=f"Your grant payment for {application.reference} is on hold: a report is overdue",
            template="reminder_payment_held_report",
            context={"application": application, "grant_path": reverse("grants:application", args=[application.pk])},
        )
