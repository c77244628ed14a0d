"""Finance's and officers' payment forms in the officers' site. They check what was typed; the rules
(two people, adding up to the award, who may hold) are the services' (grants/services/payments.py,
payment_runs.py, payment_files.py)."""

from django import forms
from django.utils import timezone

from ..models import Condition
from ..services.payments import Planned
from .fields import MoneyField

ROWS = 6
MAX_REMITTANCE_BYTES = 5 * 1024 * 1024


def _date(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, like 14 April 2027"},
        **kwargs,
    )


class MarkPaidForm(forms.Form):
    paid_on = _date("Date the finance system paid it", initial=timezone.localdate)
    finance_reference = forms.CharField(
        label="The finance system's reference for this payment",
        max_length=100,
        error_messages={"required": "Enter the finance system's reference"},
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError("Enter today's date or an earlier one: the date the payment was made")
        return paid_on


class RemittanceForm(forms.Form):
    file = forms.FileField(
        label="Remittance file (CSV)",
        help_text="Headings on the first line: reference, amount, date paid (like 2027-04-14).",
        error_messages={"required": "Choose the remittance file"},
    )
    finance_reference = forms.CharField(
        label="The finance system's reference for this remittance",
        max_length=100,
        error_messages={"required": "Enter the finance system's reference"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REMITTANCE_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be a CSV file saved as UTF-8") from None


class HoldForm(forms.Form):
    note = forms.CharField(
        label="Why are the payments held?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the payments are held"},
    )


class ScheduleForm(forms.Form):
    """Up to six instalments (blank rows are ignored) and why the schedule changes."""

    reason = forms.CharField(
        label="Why is the schedule changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why the schedule is changing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ROWS + 1):
            self.fields[f"due_date_{n}"] = _date(f"Instalment {n}: due date", required=False)
            self.fields[f"amount_{n}"] = MoneyField(label=f"Instalment {n}: amount (£)", required=False)
            self.fields[f"condition_{n}"] = forms.ChoiceField(
                label=f"Instalment {n}: paid only when",
                choices=[("", "No condition"), *Condition.choices[1:]],
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        for n in range(1, ROWS + 1):
            date, amount = cleaned.get(f"due_date_{n}"), cleaned.get(f"amount_{n}")
            if (
                (date is None) != (amount is None)
                and not self.errors.get(f"due_date_{n}")
                and not self.errors.get(f"amount_{n}")
            ):
                missing = f"amount_{n}" if amount is None else f"due_date_{n}"
                self.add_error(missing, "Enter both the due date and the amount, or leave both empty")
        if not self.errors and not self.planned():
            self.add_error(None, "Enter at least one instalment")
        return cleaned

    def planned(self) -> list[Planned]:
        data = self.cleaned_data
        return [
            Planned(data[f"due_date_{n}"], data[f"amount_{n}"], data.get(f"condition_{n}") or "")
            for n in range(1, ROWS + 1)
            if data.get(f"due_date_{n}") and data.get(f"amount_{n}")
        ]

    @classmethod
    def initial_for(cls, instalments) -> dict:
        scheduled = [i for i in instalments if i.status == "scheduled"]
        initial = {}
        for n, instalment in enumerate(scheduled[:ROWS], start=1):
            initial.update(
                {
                    f"due_date_{n}": instalment.due_date,
                    f"amount_{n}": instalment.amount,
                    f"condition_{n}": instalment.condition,
                }
            )
        return initial
