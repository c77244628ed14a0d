"""A grant's money and schedule on pages whose views know nothing of payments: the officers'
application page and the group's grant page. Each a fixed number of queries."""

from django import template

from ..selectors.payments import grant_money, grant_schedule

register = template.Library()


@register.simple_tag
def money_of(application):
    """Awarded, paid and still to pay, from the ledger (None before an award)."""
    return grant_money(application) if application.amount_awarded else None


@register.simple_tag
def schedule_of(application):
    return grant_schedule(application)
