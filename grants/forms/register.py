"""The public register's filters, read from the query string (?strand=council-priorities&ward=roby&year=2026)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.db.models import Min
from django.utils import timezone

from ..financial_year import financial_year_label, financial_year_of
from ..models import Priority, Round, Strand, Ward
from ..selectors.register import STATUS_FILTERS, RegisterFilters

SEARCH_MAX_CHARACTERS = 100


def _year_choices() -> list[tuple[str, str]]:
    """Every financial year from the first round's to this one, newest first."""
    first = Round.objects.aggregate(first=Min("opens_at"))["first"]
    this_year = financial_year_of(timezone.localdate())
    start = financial_year_of(timezone.localtime(first).date()) if first else this_year
    years = range(this_year, min(start, this_year) - 1, -1)
    return [("", "All years")] + [(str(year), financial_year_label(year)) for year in years]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label="Search by group or project",
        required=False,
        max_length=SEARCH_MAX_CHARACTERS,
        error_messages={"max_length": f"Search must be {SEARCH_MAX_CHARACTERS} characters or fewer"},
    )
    strand = forms.ModelChoiceField(
        queryset=Strand.objects.order_by("kind", "name"),
        to_field_name="slug",
        required=False,
        empty_label="All strands",
        label="Strand",
        error_messages={"invalid_choice": "Choose a strand from the list"},
    )
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All wards",
        label="Ward",
        error_messages={"invalid_choice": "Choose a ward from the list"},
    )
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.order_by("number"),
        to_field_name="number",
        required=False,
        empty_label="All priorities",
        label="Council priority",
        error_messages={"invalid_choice": "Choose a council priority from the list"},
    )
    year = forms.TypedChoiceField(
        label="Financial year awarded",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose a financial year from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and completed"), *((key, key.capitalize()) for key in STATUS_FILTERS)],
        error_messages={"invalid_choice": "Choose active or completed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["priority"].label_from_instance = lambda priority: priority.name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: no token in the address
        self.helper.layout = Layout(
            Field.text("q"),
            Field.select("strand"),
            Field.select("ward"),
            Field.select("priority"),
            Field.select("year"),
            Field.select("status"),
        )

    def filters(self) -> RegisterFilters:
        """The valid filters; a bad value is left out (and shown as an error on the page)."""
        if not self.is_bound:
            return RegisterFilters()
        self.is_valid()
        data = self.cleaned_data
        return RegisterFilters(
            strand=data.get("strand"),
            ward=data.get("ward"),
            priority=data.get("priority"),
            financial_year=data.get("year"),
            status=data.get("status") or "",
            search=data.get("q") or "",
        )
