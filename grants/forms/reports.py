"""Forms of a report's sections. Like the application's, lenient on "Save and come back later" (what
is there must be right) and strict on "Save and continue" (everything the section needs)."""

from django import forms

from kbt.accounts.forms import GdsFormMixin
from kbt.form_lengths import LONG_ANSWER_MAX_CHARACTERS

from .. import services
from ..models import Report
from ..money import pounds
from ..services.report_answers import far_from_plan
from .applicant import SectionForm
from .fields import MoneyField, count_field


def explanation_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DidForm(SectionForm):
    required_messages = {"what_you_did": "Say what you did"}

    class Meta:
        model = Report
        fields = ["what_you_did"]
        labels = {"what_you_did": "What did you do?"}
        help_texts = {"what_you_did": "The activities you ran, where, and who took part."}


class PeopleForm(SectionForm):
    people_helped = count_field("How many people benefited?")
    people_under_18 = count_field("Aged under 18 (optional)")
    people_18_to_64 = count_field("Aged 18 to 64 (optional)")
    people_65_and_over = count_field("Aged 65 and over (optional)")
    required_messages = {"people_helped": "Say how many people benefited"}

    class Meta:
        model = Report
        fields = ["people_helped", "people_under_18", "people_18_to_64", "people_65_and_over"]

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("people_helped")
        parts = [cleaned.get(n) or 0 for n in ("people_under_18", "people_18_to_64", "people_65_and_over")]
        if total is not None and sum(parts) > total:
            self.add_error(
                "people_under_18",
                f"The age groups add up to {sum(parts):,}, more than the {total:,} people who benefited",
            )
        return cleaned


class VolunteersForm(SectionForm):
    volunteers = count_field("How many volunteers helped?", what="volunteers")
    volunteer_hours = count_field("How many hours did they give altogether?", "An estimate is fine.", what="hours")
    required_messages = {
        "volunteers": "Say how many volunteers helped",
        "volunteer_hours": "Say how many hours volunteers gave",
    }

    class Meta:
        model = Report
        fields = ["volunteers", "volunteer_hours"]


class UnderspendForm(SectionForm):
    underspend = MoneyField(
        label="How much of the grant have you not spent?",
        help_text="Enter 0 if you have spent it all. You will need to return money you have not spent.",
        required=False,
        min_value=0,
        error_messages={"min_value": "Enter 0 or more"},
    )
    required_messages = {"underspend": "Say how much of the grant you have not spent, or 0"}

    class Meta:
        model = Report
        fields = ["underspend", "underspend_explanation"]
        labels = {"underspend_explanation": "Why was it not spent?"}

    def clean(self):
        cleaned = super().clean()
        if self.strict and (cleaned.get("underspend") or 0) > 0 and not cleaned.get("underspend_explanation"):
            self.add_error("underspend_explanation", "Say why some money was not spent")
        return cleaned


class StoryForm(SectionForm):
    class Meta:
        model = Report
        fields = ["story", "story_consent"]
        labels = {
            "story": "A short story about someone your project helped (optional)",
            "story_consent": "We are happy for the council to publish this story, and the person in it agreed",
        }
        help_texts = {"story": "A few sentences. Do not include anyone's full name or address."}


class LearningForm(SectionForm):
    required_messages = {"learning": "Say what you learned"}

    class Meta:
        model = Report
        fields = ["learning"]
        labels = {"learning": "What did you learn?"}
        help_texts = {"learning": "What worked, what did not, and what you would do differently."}


class MeasuresForm(GdsFormMixin, forms.Form):
    """One box per promised measure for the number achieved, and one for why it differs."""

    def __init__(self, *args, rows, strict=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.strict = rows, strict
        for row in rows:
            aim = f"You aimed for {row.target:,}." if row.target else ""
            self.fields[f"achieved_{row.measure_id}"] = count_field(
                f"Number of {row.measure.name} achieved", aim, what=row.measure.name
            )
            self.fields[f"why_{row.measure_id}"] = explanation_field(
                f"Why is the number of {row.measure.name} different?"
            )
            self.initial.setdefault(f"achieved_{row.measure_id}", row.achieved)
            self.initial.setdefault(f"why_{row.measure_id}", row.explanation)

    def clean(self):
        cleaned = super().clean()
        for row in self.rows if self.strict else ():
            achieved, name = cleaned.get(f"achieved_{row.measure_id}"), row.measure.name
            if achieved is None and f"achieved_{row.measure_id}" not in self.errors:
                self.add_error(f"achieved_{row.measure_id}", f"Enter the number of {name} achieved")
            elif (
                achieved is not None
                and row.target
                and achieved != row.target
                and not cleaned.get(f"why_{row.measure_id}")
            ):
                self.add_error(f"why_{row.measure_id}", f"Say why the number of {name} differs from what you aimed for")
        return cleaned

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            r.measure_id: (data.get(f"achieved_{r.measure_id}"), data.get(f"why_{r.measure_id}", "")) for r in self.rows
        }


class SpendingForm(GdsFormMixin, forms.Form):
    """One box per budget line for what was spent so far, and one for why it is more than 10% out."""

    def __init__(self, *args, rows, strict=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.strict = rows, strict
        for row in rows:
            line = row.budget_line
            self.fields[f"spent_{line.pk}"] = MoneyField(
                label=f"Spent so far on {line.item}",
                help_text=f"Planned: {pounds(line.cost)} ({line.financial_year_label}).",
                required=False,
                min_value=0,
                error_messages={"min_value": "Enter 0 or more"},
            )
            self.fields[f"why_{line.pk}"] = explanation_field(
                f"Why is spending on {line.item} different from the plan?"
            )
            self.initial.setdefault(f"spent_{line.pk}", row.spent)
            self.initial.setdefault(f"why_{line.pk}", row.explanation)

    def clean(self):
        cleaned = super().clean()
        for row in self.rows if self.strict else ():
            line = row.budget_line
            spent = cleaned.get(f"spent_{line.pk}")
            if spent is None and f"spent_{line.pk}" not in self.errors:
                self.add_error(f"spent_{line.pk}", f"Enter how much you have spent on {line.item}, or 0")
            elif far_from_plan(line.cost, spent) and not cleaned.get(f"why_{line.pk}"):
                self.add_error(f"why_{line.pk}", f"Say why spending on {line.item} is more than 10% away from the plan")
        return cleaned

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            r.budget_line_id: (data.get(f"spent_{r.budget_line_id}"), data.get(f"why_{r.budget_line_id}", ""))
            for r in self.rows
        }


class EvidenceForm(GdsFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a photo or document",
        help_text="JPG, PNG, PDF, Word (DOCX) or Excel (XLSX), up to 10 MB.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    caption = forms.CharField(label="What does it show? (optional)", max_length=200, required=False)
    publish_consent = forms.BooleanField(
        label="We are happy for the council to publish this photo, and everyone in it agreed",
        required=False,
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            services.document_check(uploaded)
        except services.DocumentRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return uploaded


SECTION_FORMS = {
    "did": DidForm,
    "people": PeopleForm,
    "volunteers": VolunteersForm,
    "underspend": UnderspendForm,
    "story": StoryForm,
    "learning": LearningForm,
}
