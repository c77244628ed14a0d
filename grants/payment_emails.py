"""What a grant's members read when money is sent: "£2,500 will reach your account ending 5678 by
14 April". Written to the outbox in the transaction that marks the instalments paid."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from .emails import queue
from .models import Application, Membership
from .money import pounds


def account_ending(instalment) -> str:
    """The last four digits of the account an instalment pays to, or "" when none is recorded."""
    details = getattr(instalment, "paid_to", None)
    number = getattr(details, "account_number", "") or ""
    return number[-4:]


def payment_sent_emails(by_grant: dict[int, list], *, arrives_by: dt.date) -> int:
    """One email per grant paid, to each of its active members. The key (the instalments paid) keeps a
    retried mark-paid from writing a second copy."""
    grants = Application.objects.in_bulk(list(by_grant))
    members: dict[int, list[str]] = {}
    memberships = Membership.objects.filter(
        organisation__applications__in=list(by_grant), user__is_active=True
    ).values_list("organisation__applications", "user__email")
    for application_id, email in memberships:
        members.setdefault(application_id, []).append(email)
    written = 0
    for application_id, instalments in by_grant.items():
        application = grants[application_id]
        amount = sum((i.amount for i in instalments), Decimal("0.00"))
        ending = account_ending(instalments[0])
        account = f"your account ending {ending}" if ending else "your account"
        written += queue(
            to=sorted(members.get(application_id, [])),
            subject=f"{pounds(amount)} will reach {account} by {arrives_by:%-d %B}",
            template="payment_sent",
            context={
                "application": application,
                "amount": amount,
                "account": account,
                "arrives_by": arrives_by,
                "instalments": instalments,
                "grant_path": reverse("grants:application", args=[application.pk]),
            },
            key=f"payment_sent:{'-'.join(str(i.pk) for i in instalments)}",
            about=application,
        )
    return written
