"""The fields every audience's forms share: one MoneyField for every amount, GOV.UK's date boxes."""

from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.validators import MaxValueValidator

from ..models.applications import MAX_BENEFICIARIES
from ..money import MoneyUnreadable, parse_pounds


class MoneyField(forms.DecimalField):
    """Pounds and pence, typed however people type them: "£5,000" is 5000.00. Never "1e6", never a
    third decimal place. A text box, as GOV.UK advises for amounts: a number input rejects "£1,500"
    and changes on scroll. Pass `error_messages` to word the errors for the page."""

    default_error_messages = {
        "invalid": "Enter an amount in pounds, like 2500 or 2500.50",
        "min_value": "Enter an amount more than £0",
        "max_decimal_places": "Enter an amount in pounds and pence, like 2500.50",
        "max_digits": "Enter an amount less than £10,000,000,000",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input govuk-input--width-10"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_pounds(str(value))
        except MoneyUnreadable as unreadable:
            code = "max_decimal_places" if unreadable.reason == "decimal_places" else "invalid"
            message = self.error_messages[code]
            raise forms.ValidationError(message, code=code, params={"max": self.decimal_places}) from None


class RealDateField(DateInputField):
    """GOV.UK's day, month and year boxes, saying "Enter a real date" for 31 February."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (forms.ValidationError, OverflowError) as error:
            # OverflowError: a year like 999999999999 is too big even to try as a date.
            raise forms.ValidationError("Enter a real date", code="invalid") from error


def date_field(label: str, hint: str = "") -> DateInputField:
    return RealDateField(label=label, help_text=hint, required=False, require_all_fields=False)


def count_field(label: str, hint: str = "", what: str = "people") -> forms.IntegerField:
    message = f"Enter the number of {what} as a whole number, like 40"
    field = forms.IntegerField(
        label=label,
        help_text=hint,
        required=False,
        min_value=0,
        max_value=MAX_BENEFICIARIES,
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": f"Enter a number up to {MAX_BENEFICIARIES:,}",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}),
    )
    field.validators.append(MaxValueValidator(MAX_BENEFICIARIES))
    return field
