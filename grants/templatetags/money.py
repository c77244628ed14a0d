from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234.50 from a Decimal (or anything Decimal takes); an empty string for no amount."""
    if value in (None, ""):
        return ""
    try:
        return f"£{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return ""
