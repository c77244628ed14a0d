"""Signatories' reminders of a grant offer not yet accepted: 7 days and 1 day before it expires, by
default (timings are data: grants.models.ReminderRule). Registered on the shared registry; each
reminder is claimed once (kind, offer, recipient, due date) before it is sent, so it goes exactly once."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from kbt.reminders.days import latest_due_day
from kbt.reminders.registry import Due, Email, ReminderKind, registry
from kbt.reminders.registry import type_id as _type_id

from .models import Offer, Status


@registry.register
class OfferExpiring(ReminderKind):
    key = "offer_expiring"
    label = "Applicants: a grant offer not accepted as it nears its accept-by date (to signatories)"
    days_mean = "days before the offer expires"
    defaults = ({"days": 7}, {"days": 1})

    def due(self, rules, now):
        # As drafts' reminders: each timing covers the days until the next, nearer one is due, so an
        # offer issued late gets the nearest reminder only.
        rules = sorted(rules, key=lambda r: -r.days)
        type_id = _type_id(Offer)
        today = timezone.localdate(now)
        for i, rule in enumerate(rules):
            last_day = latest_due_day(now, rule.send_from)
            offers = Offer.objects.filter(
                is_current=True,
                application__status=Status.OFFER_ISSUED,
                expires_on__gte=today,
                expires_on__lte=last_day + dt.timedelta(days=rule.days),
            )
            if i + 1 < len(rules):
                nearer = rules[i + 1]
                nearer_day = latest_due_day(now, nearer.send_from)
                offers = offers.filter(expires_on__gt=nearer_day + dt.timedelta(days=nearer.days))
            rows = offers.filter(
                application__organisation__memberships__can_sign=True,
                application__organisation__memberships__user__is_active=True,
            ).values_list("pk", "expires_on", "application__organisation__memberships__user__email")
            for pk, expires_on, email in rows:
                yield Due(self.key, type_id, pk, email.lower(), expires_on - dt.timedelta(days=rule.days))

    def email(self, reminder, offer):
        offer = Offer.objects.select_related("application").get(pk=offer.pk)
        application = offer.application
        if not offer.is_current or application.status != Status.OFFER_ISSUED:
            return None
        return Email(
            subject=f"Your grant offer for {application.reference} expires on {offer.expires_on:%-d %B %Y}",
            template="reminder_offer_expiring",
            context={
                "application": application,
                "offer": offer,
                "action_path": reverse("grants:offer", args=[application.pk]),
            },
        )
