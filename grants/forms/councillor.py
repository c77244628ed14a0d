"""Forms of the councillors' pages: declare an interest, approve, decline, and an officer's record of a
councillor's decision. They check what a person typed; the rules live in grants.services.councillors."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from kbt.form_lengths import LONG_ANSWER_MAX_CHARACTERS, NOTE_MAX_CHARACTERS, text_limits_apply

from ..models import Application, CouncillorVote, InterestDeclaration
from ..money import pounds
from ..services.rules import award_amount_problem
from .fields import MoneyField


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", button))
    return helper


def _counted(form: forms.Form, name: str, **kwargs) -> Field:
    """A long answer with GOV.UK's character count, its limit said in plain English when passed."""
    text_limits_apply(form)
    return Field.textarea(name, max_characters=form.fields[name].max_length, **kwargs)


def amount_field(label: str, *, required: bool = True) -> MoneyField:
    return MoneyField(
        label=label,
        required=required,
        error_messages={
            "required": "Enter the amount to award",
            "invalid": "Enter the amount in pounds and pence, like 1500 or 1500.50",
            "max_decimal_places": "Enter the amount in pounds and pence, like 1500 or 1500.50",
        },
    )


class InterestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is your interest in this bid?",
        choices=InterestDeclaration.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of interest you have"},
    )
    note = forms.CharField(
        label="Tell us more",
        help_text="For example, your role in the group. You must fill this in if you chose another interest.",
        widget=forms.Textarea,
        required=False,
        max_length=NOTE_MAX_CHARACTERS,
        error_messages={"max_length": "Describe your interest in 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.MEDIUM, legend_tag="h2"),
            _counted(self, "note", rows=4),
            button="Declare this interest",
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == InterestDeclaration.Kind.OTHER and not data.get("note", "").strip():
            self.add_error("note", "Describe your interest")
        return data


class ApproveForm(forms.Form):
    amount = amount_field("Amount to award (£)")

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        kwargs.setdefault("initial", {"amount": application.recommended_amount or application.amount_requested})
        super().__init__(*args, **kwargs)
        self.fields[
            "amount"
        ].help_text = f"The group asked for {pounds(application.amount_requested)}. You can award less, but not more."
        self.helper = _helper(Field.text("amount", field_width=10), button="Approve this bid")

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if problem := award_amount_problem(self.application, amount):
            raise forms.ValidationError(problem)
        return amount


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining this bid?",
        help_text="The group will read this.",
        widget=forms.Textarea,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        error_messages={
            "required": "Enter the reason for declining the bid",
            "max_length": "The reason for declining must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _counted(self, "reason", label_size=Size.MEDIUM, label_tag="h2", rows=5), button="Decline this bid"
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for declining the bid")
        return reason


class RecordDecisionForm(forms.Form):
    """An officer records a decision a councillor gave another way (by phone, by email)."""

    councillor = forms.ModelChoiceField(
        label="Which councillor made the decision?",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the councillor who made the decision"},
    )
    decision = forms.ChoiceField(
        label="What did they decide?",
        choices=CouncillorVote.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or decline"},
    )
    amount = amount_field("Amount to award (£), if approved", required=False)
    reason = forms.CharField(
        label="Reason for declining, if declined",
        help_text="The group will read this.",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        error_messages={"max_length": "The reason for declining must be 5,000 characters or fewer"},
    )
    note = forms.CharField(
        label="How did the councillor give their decision?",
        help_text="For example: by phone on 3 March, to Olivia Officer.",
        widget=forms.Textarea,
        max_length=NOTE_MAX_CHARACTERS,
        error_messages={
            "required": "Enter how the councillor gave their decision",
            "max_length": "How the councillor gave their decision must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, application: Application, councillors, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = councillors
        self.fields["councillor"].label_from_instance = lambda c: c.user.get_full_name()
        self.helper = _helper(
            Field.radios("councillor", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.text("amount", field_width=10),
            _counted(self, "reason", rows=4),
            _counted(self, "note", rows=3),
            button="Record this decision",
        )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == CouncillorVote.Decision.APPROVE:
            amount = data.get("amount")
            if amount is None and "amount" not in self.errors:
                self.add_error("amount", "Enter the amount to award")
            elif amount is not None and (problem := award_amount_problem(self.application, amount)):
                self.add_error("amount", problem)
        elif decision == CouncillorVote.Decision.DECLINE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for declining the bid")
        return data
