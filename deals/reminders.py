"""Deal reminders, plugged into the grants reminder registry (grants/reminders.py finds this module).

- a commitment due soon: to the commitment's contact and the deal's lead officer;
- a commitment overdue: the same people, once, the day after it fell due (by default);
- a deal's review coming up: to its lead officer.

Only live deals (agreed or under way) and open commitments count. Each reminder is claimed for its
commitment's or deal's due date, so moving a date brings a new reminder for the new date.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from grants.reminders import Due, Email, ReminderKind, latest_due_day, registry

from .models import Commitment, Deal


def _recipients(contact_email: str, officer_email: str | None, officer_active: bool | None) -> list[str]:
    people = [contact_email] if contact_email else []
    if officer_email and officer_active:
        people.append(officer_email)
    return [email.lower() for email in people]


def _commitment_email(reminder, commitment, *, overdue: bool) -> Email | None:
    commitment = Commitment.objects.with_people().get(pk=commitment.pk)
    deal = commitment.deal
    today = timezone.localdate()
    still_due = commitment.is_open and deal.status in Deal.LIVE_STATUSES and commitment.due_date is not None
    if not still_due or (commitment.due_date < today) != overdue:
        return None
    lead = deal.lead_officer
    for_officer = lead is not None and reminder.recipient == lead.email.lower()
    if for_officer:
        action_path = reverse("admin:deals_commitment_change", args=[commitment.pk])
    else:
        action_path = deal.get_absolute_url() if deal.published else ""
    when = f"{commitment.due_date:%-d %B %Y}"
    subject = (
        f"Overdue since {when}: a commitment in the deal “{deal.title}”"
        if overdue
        else f"Due on {when}: a commitment in the deal “{deal.title}”"
    )
    return Email(
        subject=subject,
        template="reminder_commitment",
        context={
            "commitment": commitment,
            "deal": deal,
            "party_name": commitment.party.name if commitment.party else "All the parties together",
            "overdue": overdue,
            "for_officer": for_officer,
            "action_path": action_path,
        },
    )


@registry.register
class CommitmentDueSoon(ReminderKind):
    key = "commitment_due_soon"
    label = "Deals: a commitment due soon"
    days_mean = "days before the commitment is due"
    defaults = ({"days": 14},)

    def due(self, rules, now):
        type_id = ContentType.objects.get_for_model(Commitment).pk
        today = timezone.localdate(now)
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            rows = (
                Commitment.objects.open()
                .in_live_deals()
                .due_between(today, last_day + dt.timedelta(days=rule.days))
                .values_list(
                    "pk", "due_date", "contact_email", "deal__lead_officer__email", "deal__lead_officer__is_active"
                )
            )
            for pk, due_date, contact, officer, active in rows:
                for email in _recipients(contact, officer, active):
                    yield Due(self.key, type_id, pk, email, due_date)

    def email(self, reminder, commitment):
        return _commitment_email(reminder, commitment, overdue=False)


@registry.register
class CommitmentOverdue(ReminderKind):
    key = "commitment_overdue"
    label = "Deals: a commitment overdue"
    days_mean = "days after the commitment was due"
    defaults = ({"days": 1},)

    def due(self, rules, now):
        type_id = ContentType.objects.get_for_model(Commitment).pk
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            rows = (
                Commitment.objects.overdue(last_day - dt.timedelta(days=rule.days - 1))
                .in_live_deals()
                .values_list(
                    "pk", "due_date", "contact_email", "deal__lead_officer__email", "deal__lead_officer__is_active"
                )
            )
            for pk, due_date, contact, officer, active in rows:
                for email in _recipients(contact, officer, active):
                    yield Due(self.key, type_id, pk, email, due_date + dt.timedelta(days=rule.days))

    def email(self, reminder, commitment):
        return _commitment_email(reminder, commitment, overdue=True)


@registry.register
class DealReviewDue(ReminderKind):
    key = "deal_review_due"
    label = "Deals: a review coming up"
    days_mean = "days before the review date"
    defaults = ({"days": 14},)

    def due(self, rules, now):
        type_id = ContentType.objects.get_for_model(Deal).pk
        today = timezone.localdate(now)
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            rows = (
                Deal.objects.review_due_between(today, last_day + dt.timedelta(days=rule.days))
                .filter(lead_officer__is_active=True)
                .values_list("pk", "review_date", "lead_officer__email")
            )
            for pk, review_date, email in rows:
                yield Due(self.key, type_id, pk, email.lower(), review_date)

    def email(self, reminder, deal):
        deal = Deal.objects.select_related("lead_officer").get(pk=deal.pk)
        if deal.status not in Deal.LIVE_STATUSES or deal.review_date != reminder.due_date:
            return None
        if deal.lead_officer is None or deal.lead_officer.email.lower() != reminder.recipient:
            return None
        return Email(
            subject=f"The deal “{deal.title}” is due for review on {deal.review_date:%-d %B %Y}",
            template="reminder_deal_review",
            context={
                "deal": deal,
                "open_commitments": deal.commitments.filter(status__in=Commitment.OPEN_STATUSES).count(),
                "overdue_commitments": deal.commitments.overdue(timezone.localdate()).count(),
                "action_path": reverse("admin:deals_deal_change", args=[deal.pk]),
            },
        )
