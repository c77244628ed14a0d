"""Forms of the applicant's pages. Each validates what was typed and says what to fix in plain
English; the views then call one service. Section forms are lenient on "Save and come back later"
(what is there must be right, but may be unfinished) and strict on "Save and continue"."""

from django import forms
from django.apps import apps
from django.core.validators import MaxValueValidator
from django.utils.text import capfirst

from kbt.accounts.forms import GdsFormMixin
from kbt.form_lengths import LONG_ANSWER_MAX_CHARACTERS

from .. import services
from ..financial_year import financial_year_span
from ..models import Application, BudgetLine, Document, Organisation, OutcomeMeasure, Priority, Strand, Ward
from ..models.applications import MAX_BENEFICIARIES
from ..money import pounds
from .fields import MoneyField, count_field, date_field

YES_NO = [("yes", "Yes"), ("no", "No")]


class EligibilityForm(GdsFormMixin, forms.Form):
    org_type = forms.ChoiceField(
        label="What type of group are you?",
        widget=forms.RadioSelect,
        choices=[*Organisation.Type.choices, ("other", "None of these: an individual or a business")],
        error_messages={"required": "Select the type of your group"},
    )
    in_knowsley = forms.ChoiceField(
        label="Is your project for people who live or work in Knowsley?",
        widget=forms.RadioSelect,
        choices=YES_NO,
        error_messages={"required": "Select yes if your project is for people in Knowsley"},
    )
    bank_account = forms.ChoiceField(
        label="Does your group have a bank account in its own name?",
        widget=forms.RadioSelect,
        choices=YES_NO,
        error_messages={"required": "Select yes if your group has a bank account in its own name"},
    )
    governing_document = forms.ChoiceField(
        label="Does your group have a governing document, such as a constitution?",
        widget=forms.RadioSelect,
        choices=YES_NO,
        error_messages={"required": "Select yes if your group has a governing document"},
    )

    def __init__(self, *args, strand: Strand, **kwargs):
        super().__init__(*args, **kwargs)
        self.strand = strand
        if strand.kind == Strand.Kind.ENVIRONMENTAL:
            self.fields["ward"] = forms.ModelChoiceField(
                label="Which ward is your project in?",
                queryset=Ward.objects.all(),
                empty_label="Choose a ward",
                error_messages={"required": "Select the ward your project is in"},
            )
        else:
            self.fields["priorities"] = forms.ModelMultipleChoiceField(
                label="Which of the council's priorities will your project support?",
                help_text="Select all that apply.",
                queryset=Priority.objects.all(),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": "Select at least one priority"},
            )

    def reasons(self) -> list[str]:
        data = self.cleaned_data
        return services.eligibility_reasons(
            strand=self.strand,
            org_type=data["org_type"],
            in_knowsley=data["in_knowsley"] == "yes",
            bank_account=data["bank_account"] == "yes",
            governing_document=data["governing_document"] == "yes",
        )


class StartForm(GdsFormMixin, forms.Form):
    title = forms.CharField(
        label="What is your project called?",
        help_text="A short name, like “Greening Page Moss park”. You can change it later.",
        max_length=200,
        error_messages={"required": "Enter a name for your project"},
    )


class SectionForm(GdsFormMixin, forms.ModelForm):
    """A task-list page. `strict` (Save and continue) also asks for everything the section needs."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args, strict: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.strict = strict
        for field in self.fields.values():
            field.required = False

    def clean(self):
        cleaned = super().clean()
        if self.strict:
            for name, message in self.required_messages.items():
                if cleaned.get(name) in (None, "", []) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class ProjectForm(SectionForm):
    start_date = date_field("When will your project start?", "For example, 1 4 2027")
    end_date = date_field("When will your project end?", "For example, 31 3 2028")
    required_messages = {
        "title": "Enter your project's name",
        "summary": "Enter a summary of your project",
        "start_date": "Enter when your project starts",
        "end_date": "Enter when your project ends",
    }

    class Meta:
        model = Application
        fields = ["title", "summary", "public_summary", "start_date", "end_date"]
        labels = {
            "title": "Project name",
            "summary": "Describe your project",
            "public_summary": "Summary for the public (optional)",
        }
        help_texts = {
            "summary": "What you will do, where, and with whom. Plain words are best.",
            "public_summary": (
                "If you get a grant, the council publishes this on its register of grants. Two or three sentences "
                "about what the project does. Do not include anyone's name, address, email or phone number."
            ),
        }
        widgets = {"public_summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = "Enter your project's name"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end:
            if end < start:
                self.add_error("end_date", "The end date must be the same as or after the start date")
            elif problem := services.duration_problem(self.instance.strand, start, end):
                self.add_error("end_date", capfirst(problem))
        return cleaned


class WhereForm(SectionForm):
    class Meta:
        model = Application
        fields = ["ward", "priorities"]
        labels = {"ward": "Which ward is your project in?", "priorities": "Which priorities will it support?"}
        widgets = {"priorities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.strand.kind == Strand.Kind.ENVIRONMENTAL:
            del self.fields["priorities"]
            self.fields["ward"].empty_label = "Choose a ward"
            self.required_messages = {"ward": "Select the ward your project is in"}
        else:
            del self.fields["ward"]
            self.fields["priorities"].help_text = "Select all that apply."
            self.required_messages = {"priorities": "Select at least one priority"}


class AmountForm(SectionForm):
    amount_requested = MoneyField(label="How much are you asking for (£)?", required=False)

    class Meta:
        model = Application
        fields = ["amount_requested"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        strand = self.instance.strand
        self.fields["amount_requested"].help_text = (
            f"Between {pounds(strand.minimum_award)} and {pounds(strand.maximum_award)}. "
            "It must match the total of your budget."
        )

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        if problem := services.amount_problem(self.instance.strand, amount):
            raise forms.ValidationError(capfirst(problem))
        return amount

    def clean(self):
        cleaned = super().clean()
        if self.strict and "amount_requested" not in self.errors:
            if cleaned.get("amount_requested") is None:
                self.add_error("amount_requested", "Enter the amount you are asking for")
            else:
                total, core = services.budget_totals(self.instance)
                for problem in services.budget_problems(self.instance.strand, cleaned["amount_requested"], total, core):
                    self.add_error(None, capfirst(problem))
        return cleaned


class BudgetLineForm(GdsFormMixin, forms.ModelForm):
    cost = MoneyField(label="Cost (£)")

    class Meta:
        model = BudgetLine
        fields = ["item", "cost", "cost_type", "financial_year"]
        labels = {"item": "What will the money pay for?", "cost_type": "Type of cost", "financial_year": "When"}
        widgets = {"cost_type": forms.RadioSelect}
        help_texts = {"cost_type": "Core costs are the running costs of your group, like rent or a manager's pay."}
        error_messages = {"item": {"required": "Enter what the money will pay for"}}

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost"].error_messages["required"] = "Enter the cost"
        self.fields["cost_type"].choices = BudgetLine.CostType.choices
        self.fields["financial_year"] = forms.TypedChoiceField(
            label="Which financial year will you spend it in?",
            choices=[(year, financial_year_span(year)) for year in years],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Select the financial year",
                "invalid_choice": "Select a financial year when your project runs",
            },
        )

    def clean_financial_year(self):
        year = self.cleaned_data["financial_year"]
        application = self.instance.application
        if problem := services.budget_year_problem(application.start_date, application.end_date, year):
            raise forms.ValidationError(capfirst(problem))
        return year


class OutcomesForm(SectionForm):
    required_messages = {
        "outcomes": "Say what difference your project will make",
        "beneficiaries_count": "Say how many people will benefit",
        "beneficiaries_description": "Say who will benefit",
    }

    class Meta:
        model = Application
        fields = ["outcomes", "beneficiaries_count", "beneficiaries_description"]
        labels = {
            "outcomes": "What difference will your project make?",
            "beneficiaries_count": "About how many people will benefit?",
            "beneficiaries_description": "Who will benefit?",
        }
        help_texts = {"beneficiaries_description": "For example, older people in Halewood, or families at a school."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["beneficiaries_count"]
        field.error_messages["invalid"] = "Enter the number of people as a whole number, like 40"
        field.error_messages["min_value"] = "Enter the number of people as a whole number, like 40"
        field.max_value = MAX_BENEFICIARIES
        field.validators.append(MaxValueValidator(MAX_BENEFICIARIES))
        field.error_messages["max_value"] = f"Enter a number of people up to {MAX_BENEFICIARIES:,}"
        field.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"})
        field.widget.input_type = "text"
        self._add_promises()

    def _add_promises(self):
        """The measures the group aims to move, each with a number (optional: drafts started before
        measures existed still send), and the co-operative principles the project shows."""
        application = self.instance
        self.measures = list(OutcomeMeasure.objects.for_strand(application.strand))
        targets = {t.measure_id: t.target for t in application.outcome_targets.all()}
        for measure in self.measures:
            field = count_field(
                f"How many {measure.name}? (optional)",
                "Leave empty if your project will not count this.",
                what=measure.name,
            )
            self.fields[f"target_{measure.pk}"] = field
            self.initial.setdefault(f"target_{measure.pk}", targets.get(measure.pk))
        self.fields["principles"] = forms.ModelMultipleChoiceField(
            label="Which of the council's co-operative principles does your project show? (optional)",
            help_text="Select all that apply. An officer will confirm them when assessing your application.",
            queryset=apps.get_model("deals", "Principle").objects.order_by("number"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        chosen = application.principle_choices.filter(chosen_by_group=True).values_list("principle_id", flat=True)
        self.initial.setdefault("principles", list(chosen))

    def promises(self) -> tuple[dict, list]:
        """(targets by measure id, principle ids), taken out of cleaned_data for their own services."""
        data = self.cleaned_data
        targets = {m.pk: data.pop(f"target_{m.pk}", None) for m in self.measures}
        principles = [p.pk for p in data.pop("principles", [])]
        return targets, principles


class SafeguardingForm(SectionForm):
    works_with_people_at_risk = forms.TypedChoiceField(
        label="Will your project work with children or adults at risk?",
        help_text="If yes, we need your safeguarding policy.",
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    required_messages = {
        "works_with_people_at_risk": "Select yes if your project works with children or adults at risk"
    }

    class Meta:
        model = Application
        fields = ["works_with_people_at_risk"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.instance.works_with_people_at_risk
        self.initial["works_with_people_at_risk"] = None if value is None else ("yes" if value else "no")


class DocumentForm(GdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What is this document?",
        widget=forms.RadioSelect,
        choices=[
            (kind.value, kind.label)
            for kind in Document.Kind
            if kind not in (Document.Kind.INFORMATION_RESPONSE, Document.Kind.REPORT_EVIDENCE)
        ],
        error_messages={"required": "Select what the document is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="PDF, Word (DOCX), Excel (XLSX), JPG or PNG, up to 10 MB.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            services.document_check(uploaded)
        except services.DocumentRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return uploaded


class DeclarationForm(GdsFormMixin, forms.Form):
    declaration = forms.BooleanField(
        label="I confirm that the information in this application is true, and that I may apply for my group",
        error_messages={"required": "Confirm the declaration to send your application"},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AnswerInfoForm(GdsFormMixin, forms.Form):
    message = forms.CharField(
        label="Your answer",
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your answer"},
    )
    files = MultipleFileField(
        label="Add documents (optional)",
        help_text="PDF, Word (DOCX), Excel (XLSX), JPG or PNG, up to 10 MB each. You can choose several.",
        required=False,
    )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for uploaded in files:
            try:
                services.document_check(uploaded)
            except services.DocumentRefused as refused:
                raise forms.ValidationError(f"{uploaded.name}: {refused.message}") from refused
        return files


class WithdrawForm(GdsFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing your application?",
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you are withdrawing your application"},
    )
