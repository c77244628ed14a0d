"""Deal reminders, plugged into the shared reminder registry (kbt/reminders/registry.py finds this module).

- a commitment due soon: to the commitment's contact and the deal's lead officer;
- a commitment overdue (by the status rule, deals/progress.py: its due date or a target's date passed):
  the same people, once, the day after it became so (by default);
- a deal's review coming up: to its lead officer;
- a target's date 30 days away with no figure for 90 days: to the commitment's contact (the party's);
- a partner's figure waiting for a check: to the deal's lead officer.

Only live deals (agreed or under way) and open commitments count. Each reminder is claimed for its
commitment's or deal's due date, so moving a date brings a new reminder for the new date.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Max, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from kbt.reminders.days import latest_due_day
from kbt.reminders.registry import Due, Email, ReminderKind, registry

from .models import Commitment, Deal, PartnerInvitation, Target, TargetUpdate
from .progress import Progress, commitment_progress, overdue_since, overdue_since_expression, target_progress

# A target's contact hears when it has had no figure for this long.
QUIET_DAYS = 90


def _recipients(contact_email: str, officer_email: str | None, officer_active: bool | None) -> list[str]:
    people = [contact_email] if contact_email else []
    if officer_email and officer_active:
        people.append(officer_email)
    return [email.lower() for email in people]


def _commitment_email(reminder, commitment, *, overdue: bool) -> Email | None:
    commitment = Commitment.objects.with_people().prefetch_related("targets__measure").get(pk=commitment.pk)
    deal = commitment.deal
    today = timezone.localdate()
    if deal.status not in Deal.LIVE_STATUSES or not commitment.is_open:
        return None
    if overdue:
        # The one status rule decides, as on every page: a target past its date counts as much as the due date.
        if commitment_progress(commitment, today=today) != Progress.OVERDUE:
            return None
        when = overdue_since(commitment)
    elif commitment.due_date is None or commitment.due_date < today:
        return None
    else:
        when = commitment.due_date
    lead = deal.lead_officer
    for_officer = lead is not None and reminder.recipient == lead.email.lower()
    if for_officer:
        action_path = reverse("admin:deals_commitment_change", args=[commitment.pk])
    else:
        action_path = deal.get_absolute_url() if deal.published else ""
    subject = (
        f"Overdue since {when:%-d %B %Y}: a commitment in the deal “{deal.title}”"
        if overdue
        else f"Due on {when:%-d %B %Y}: a commitment in the deal “{deal.title}”"
    )
    late_targets = [t for t in commitment.targets.all() if target_progress(t, today=today) == Progress.OVERDUE]
    return Email(
        subject=subject,
        template="reminder_commitment",
        context={
            "commitment": commitment,
            "deal": deal,
            "party_name": commitment.party.name if commitment.party else "All the parties together",
            "overdue": overdue,
            "past_due_date": commitment.due_date is not None and commitment.due_date < today,
            "late_targets": late_targets,
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
            # Overdue by the one status rule, claimed for the day after it became so (its due date or a
            # target's date, whichever came first), so each lateness is chased once.
            rows = (
                Commitment.objects.overdue(last_day - dt.timedelta(days=rule.days - 1))
                .in_live_deals()
                .annotate(since=overdue_since_expression())
                .values_list(
                    "pk", "since", "contact_email", "deal__lead_officer__email", "deal__lead_officer__is_active"
                )
            )
            for pk, since, contact, officer, active in rows:
                for email in _recipients(contact, officer, active):
                    yield Due(self.key, type_id, pk, email, since + dt.timedelta(days=rule.days))

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


def _targets_wanting_a_figure(today: dt.date, until: dt.date):
    """Targets still to reach in open commitments of live deals, due from `today` to `until`, with no
    figure (sent or accepted) dated in the last QUIET_DAYS days."""
    quiet_since = today - dt.timedelta(days=QUIET_DAYS)
    return (
        Target.objects.filter(
            commitment__status__in=Commitment.OPEN_STATUSES,
            commitment__deal__status__in=Deal.LIVE_STATUSES,
            target_date__range=(today, until),
            achieved__lt=F("target_number"),
        )
        .annotate(last_figure=Max("updates__date"))
        .filter(Q(last_figure__lt=quiet_since) | Q(last_figure__isnull=True, baseline_date__lt=quiet_since))
    )


@registry.register
class TargetUpdateWanted(ReminderKind):
    key = "target_update_wanted"
    label = "Deals: a target coming due with no recent figure"
    days_mean = f"days before the target date (only when there has been no figure for {QUIET_DAYS} days)"
    defaults = ({"days": 30},)

    def due(self, rules, now):
        type_id = ContentType.objects.get_for_model(Target).pk
        today = timezone.localdate(now)
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            rows = _targets_wanting_a_figure(today, last_day + dt.timedelta(days=rule.days)).values_list(
                "pk", "target_date", "commitment__contact_email"
            )
            for pk, target_date, contact in rows:
                if contact:
                    yield Due(self.key, type_id, pk, contact.lower(), target_date)

    def email(self, reminder, target):
        today = timezone.localdate()
        if not _targets_wanting_a_figure(today, reminder.due_date).filter(pk=target.pk).exists():
            return None
        target = Target.objects.select_related("measure", "commitment__deal", "commitment__party").get(pk=target.pk)
        commitment = target.commitment
        if target.target_date != reminder.due_date or commitment.contact_email.lower() != reminder.recipient:
            return None
        invited = PartnerInvitation.objects.filter(
            party_id=commitment.party_id, user__email__iexact=reminder.recipient
        ).exists()
        return Email(
            subject=f"Please send a new figure for the deal “{commitment.deal.title}”",
            template="reminder_target_update",
            context={
                "target": target,
                "deal": commitment.deal,
                "party_name": commitment.party.name if commitment.party else "All the parties together",
                "action_path": reverse("deals:partner_commitment", args=[commitment.pk]) if invited else "",
            },
        )


def _waiting_updates():
    return TargetUpdate.objects.filter(
        state=TargetUpdate.State.AWAITING_CHECK, target__commitment__deal__lead_officer__is_active=True
    )


@registry.register
class PartnerUpdatesWaiting(ReminderKind):
    key = "partner_updates_waiting"
    label = "Deals: a partner's figure waiting for a check"
    days_mean = "days after the partner sent the figure"
    defaults = ({"days": 2},)

    def due(self, rules, now):
        type_id = ContentType.objects.get_for_model(TargetUpdate).pk
        for rule in rules:
            last_day = latest_due_day(now, rule.send_from)
            rows = (
                _waiting_updates()
                .annotate(sent_on=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
                .filter(sent_on__lte=last_day - dt.timedelta(days=rule.days))
                .values_list("pk", "sent_on", "target__commitment__deal__lead_officer__email")
            )
            for pk, sent_on, email in rows:
                yield Due(self.key, type_id, pk, email.lower(), sent_on + dt.timedelta(days=rule.days))

    def email(self, reminder, update):
        update = (
            _waiting_updates()
            .select_related("target__measure", "target__commitment__deal__lead_officer", "target__commitment__party")
            .select_related("reported_by")
            .filter(pk=update.pk)
            .first()
        )
        if update is None:
            return None
        commitment = update.target.commitment
        if commitment.deal.lead_officer.email.lower() != reminder.recipient:
            return None
        return Email(
            subject=f"A partner's figure waits for your check: the deal “{commitment.deal.title}”",
            template="reminder_partner_update_waiting",
            context={
                "update": update,
                "target": update.target,
                "deal": commitment.deal,
                "party_name": commitment.party.name if commitment.party else "all the parties together",
                "action_path": reverse("admin:deals_targetupdate_changelist") + "?state__exact=awaiting_check",
            },
        )
