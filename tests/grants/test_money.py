"""One money module: pounds written GOV.UK's way, and one form field that reads them as people type."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants.forms.fields import MoneyField
from grants.money import MoneyUnreadable, parse_pounds, pounds


@pytest.mark.parametrize(
    "amount, text",
    [
        (Decimal("1400"), "£1,400"),
        (Decimal("1400.50"), "£1,400.50"),
        (Decimal("0.5"), "£0.50"),
        (Decimal("-250"), "-£250"),
        ("1234567.891", "£1,234,567.89"),
        (None, ""),
        ("nonsense", ""),
    ],
)
def test_pounds_are_written_without_pence_when_there_are_none(amount, text):
    assert pounds(amount) == text


@pytest.mark.parametrize(
    "typed, amount",
    [("1400", "1400.00"), ("1,400", "1400.00"), ("£1,400.50", "1400.50"), (" £ 2500.5 ", "2500.50"), ("", None)],
)
def test_amounts_are_read_as_people_type_them(typed, amount):
    assert parse_pounds(typed) == (None if amount is None else Decimal(amount))


@pytest.mark.parametrize(
    "typed, reason",
    [("1e6", "invalid"), ("-5", "invalid"), ("1,40", "invalid"), ("NaN", "invalid"), ("12.345", "decimal_places")],
)
def test_exponents_signs_and_a_third_decimal_place_are_refused(typed, reason):
    with pytest.raises(MoneyUnreadable) as refused:
        parse_pounds(typed)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "typed, message",
    [
        ("1e6", "Enter an amount in pounds, like 2500 or 2500.50"),
        ("Infinity", "Enter an amount in pounds, like 2500 or 2500.50"),
        ("12.345", "Enter an amount in pounds and pence, like 2500.50"),
        ("0", "Enter an amount more than £0"),
        ("12345678901", "Enter an amount less than £10,000,000,000"),
    ],
)
def test_the_field_says_plainly_what_is_wrong(typed, message):
    field = MoneyField(label="Amount (£)")
    assert not field.widget.input_type == "number"
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [message]


def test_the_field_accepts_a_pound_sign_and_commas():
    assert MoneyField(label="Amount (£)").clean("£12,500.5") == Decimal("12500.50")
