from django import template

from .. import money

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234.50 or £1,234 from a Decimal (or anything Decimal takes); an empty string for no amount."""
    return money.pounds(value)
