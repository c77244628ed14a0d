from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from grants.models import Priority, Ward

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
