"""Pounds, read and written one way everywhere: the `pounds` filter, emails, forms and services'
messages all come here.

Written in GOV.UK style: whole pounds without pence (£1,400), pence only when there are some
(£1,400.50), never £1400.00. Read the way people type: "1400", "1,400", "£1,400.50"; never an
exponent like "1e6", never more than two decimal places.
"""

import re
from decimal import Decimal, InvalidOperation

PENNY = Decimal("0.01")
# Digits with optional thousands commas, then at most two decimal places; no sign, no exponent.
_AMOUNT = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$")


class MoneyUnreadable(ValueError):
    """Text that is not an amount in pounds and pence. `reason` is "invalid" or "decimal_places"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def pounds(amount) -> str:
    """£1,400 or £1,400.50 (or -£25 for money going back); an empty string for no amount."""
    if amount in (None, ""):
        return ""
    try:
        value = Decimal(amount).quantize(PENNY)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == value.to_integral_value():
        return f"{sign}£{value:,.0f}"
    return f"{sign}£{value:,.2f}"


def parse_pounds(text: str) -> Decimal | None:
    """The amount typed, as a Decimal to the penny; None for nothing typed. Raises MoneyUnreadable."""
    text = (text or "").strip().replace(" ", "")
    if text.startswith("£"):
        text = text[1:]
    if not text:
        return None
    match = _AMOUNT.match(text)
    if match is None:
        raise MoneyUnreadable("invalid")
    if len((match.group(3) or ".")[1:]) > 2:
        raise MoneyUnreadable("decimal_places")
    try:
        return Decimal(text.replace(",", "").rstrip(".") or "0").quantize(PENNY)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
        raise MoneyUnreadable("invalid") from error
