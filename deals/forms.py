from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from grants.forms.fields import RealDateField
from grants.models import Priority, Ward
from grants.services import DocumentRefused, document_check
from kbt.accounts.forms import GdsFormMixin
from kbt.form_lengths import NOTE_MAX_CHARACTERS

from .models import Principle


class DealFilterForm(forms.Form):
    """The public list's filters, read from the query string (?priority=3&principle=prevention&ward=roby)."""

    priority = forms.ModelChoiceField(
        queryset=Priority.objects.order_by("number"),
        to_field_name="number",
        required=False,
        empty_label="All priorities",
        label="Council priority",
        error_messages={"invalid_choice": "Choose a council priority from the list"},
    )
    principle = forms.ModelChoiceField(
        queryset=Principle.objects.order_by("number"),
        to_field_name="slug",
        required=False,
        empty_label="All principles",
        label="Co-operative principle",
        error_messages={"invalid_choice": "Choose a co-operative principle from the list"},
    )
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All wards",
        label="Ward",
        error_messages={"invalid_choice": "Choose a ward from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # A GET form: no CSRF token in the address.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.select("priority"),
            Field.select("principle"),
            Field.select("ward"),
        )
        # Names, not "1. Name": the number is the URL's business.
        self.fields["priority"].label_from_instance = lambda priority: priority.name

    def filters(self) -> dict:
        """The valid filters, by name; a bad value is left out (and shown as an error on the page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value is not None}


class TargetReportForm(GdsFormMixin, forms.Form):
    """A figure for one target: the number achieved so far, when, a note and optional evidence."""

    achieved = forms.IntegerField(
        label="Number achieved so far",
        min_value=0,
        help_text="The total since the deal began, not only since your last update.",
        error_messages={
            "required": "Enter the number achieved so far",
            "invalid": "Enter the number as a whole number, like 35",
            "min_value": "Enter a number that is 0 or more",
        },
    )
    date = RealDateField(label="When was this number counted?", help_text="For example, 27 3 2026")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(
        label="Evidence (optional)",
        required=False,
        help_text="PDF, Word (DOCX), Excel (XLSX), JPG or PNG, up to 10 MB.",
        error_messages={"empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achieved"].widget.attrs.update({"class": "govuk-input govuk-input--width-5"})
        self.fields["date"].error_messages["required"] = "Enter the date the number was counted"

    def clean_evidence(self):
        # The same checks as application documents; the service runs them again as it keeps the file.
        uploaded = self.cleaned_data.get("evidence")
        if uploaded:
            try:
                document_check(uploaded)
            except DocumentRefused as refused:
                raise forms.ValidationError(refused.message) from refused
        return uploaded


class PartnerInviteForm(forms.Form):
    """The officers' form for inviting a party's contact (admin page)."""

    name = forms.CharField(label="Contact's name", max_length=150)
    email = forms.EmailField(label="Contact's email address")
