"""The grant offer's forms: a signatory accepts (name, position, declarations, bank details), declines,
or changes the bank details; the officers' offer pages (review, vary, extend, confirm by phone, terms).
The forms ask for what is required; grants.services checks the formats and the rules."""

from django import forms

from kbt.accounts.forms import GdsFormMixin
from kbt.form_lengths import LONG_ANSWER_MAX_CHARACTERS

from ..services.bank_details import bank_details_problems
from ..services.offer_rules import DECLARATIONS

BANK_FIELDS = ("account_name", "sort_code", "account_number", "roll_number", "name_mismatch_reason")


class BankDetailsForm(GdsFormMixin, forms.Form):
    account_name = forms.CharField(
        label="Name on the account",
        max_length=200,
        error_messages={"required": "Enter the name on the account"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    sort_code = forms.CharField(
        label="Sort code",
        max_length=20,
        help_text="Must be 6 digits long",
        error_messages={"required": "Enter a sort code"},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )
    account_number = forms.CharField(
        label="Account number",
        max_length=20,
        help_text="Must be between 6 and 8 digits long",
        error_messages={"required": "Enter an account number"},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )
    roll_number = forms.CharField(
        label="Building society roll number (if you have one)",
        max_length=18,
        required=False,
        help_text="You can find it on your card, statement or passbook",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "govuk-input--width-10"}),
    )
    name_mismatch_reason = forms.CharField(
        label="If the name on the account is not your organisation's name, say why",
        required=False,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        help_text="For example, the account is held by the charity that looks after your group's money. "
        "An officer will check the account with you before we pay.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def clean(self):
        """The service's format checks, so every problem shows at once (the service checks again)."""
        data = super().clean()
        if self.application is not None:
            given = {name: data.get(name) or "" for name in BANK_FIELDS}
            problems = bank_details_problems(application=self.application, **given)
            # Empty fields already say "Enter ...": add only the problems with what was typed.
            typed = {
                k: v for k, v in problems.items() if k not in self.errors and (data.get(k) or k.endswith("reason"))
            }
            self.add_problems(typed)
        return data

    def bank(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in BANK_FIELDS}

    def add_problems(self, problems: dict[str, str]):
        """Put the service's refusals on the fields they are about."""
        for field, message in problems.items():
            self.add_error(field if field in self.fields else None, message)


class AcceptOfferForm(BankDetailsForm):
    full_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    position = forms.CharField(
        label="Your position in the organisation",
        max_length=200,
        help_text="For example, chair, treasurer or secretary",
        error_messages={"required": "Enter your position in the organisation"},
    )
    declarations = forms.MultipleChoiceField(
        label="Declarations",
        choices=DECLARATIONS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each one to accept the offer.",
        error_messages={"required": "Tick each declaration to accept the offer"},
    )
    field_order = ["full_name", "position", "declarations", *BANK_FIELDS]

    def clean_declarations(self):
        ticked = self.cleaned_data["declarations"]
        if len(set(ticked)) != len(DECLARATIONS):
            raise forms.ValidationError("Tick each declaration to accept the offer")
        return ticked


class DeclineOfferForm(GdsFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you declining the grant offer?",
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are declining the grant offer"},
    )


class SignatoryForm(GdsFormMixin, forms.Form):
    can_sign = forms.BooleanField(required=False)


# The officers' forms (Django admin pages).


class OfferForm(forms.Form):
    special_conditions = forms.CharField(
        label="Special conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Conditions for this grant only, one a line.",
    )
    payment_summary = forms.CharField(label="When the money is paid", widget=forms.Textarea(attrs={"rows": 3}))
    reporting_summary = forms.CharField(label="When reports are due", widget=forms.Textarea(attrs={"rows": 3}))
    expires_on = forms.DateField(
        label="Accept by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave it empty to give the strand's usual number of days from the day it is issued.",
    )


class VaryOfferForm(OfferForm):
    reason = forms.CharField(label="Why the offer is changing", widget=forms.Textarea(attrs={"rows": 3}))


class ExtendOfferForm(forms.Form):
    expires_on = forms.DateField(label="New accept-by date", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Why the offer is being extended", widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmBankDetailsForm(forms.Form):
    confirmed_with = forms.CharField(label="Who you phoned", max_length=200)
    confirmed_phone = forms.CharField(
        label="The number you phoned",
        max_length=30,
        help_text="A number already on file for the organisation, not one given with the new details.",
    )
