"""Forms for the officers' pages in admin. They validate input; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model

from kbt.accounts.models import OFFICER_GROUP
from kbt.form_lengths import LONG_ANSWER_MAX_CHARACTERS, NOTE_MAX_CHARACTERS, admin_text_limits

from ..models import MAX_SCORE, Assessment, Recommendation
from ..workflow import Transition
from .fields import MoneyField

SCORE_CHOICES = [("", "Choose a score")] + [(str(n), str(n)) for n in range(MAX_SCORE + 1)]


def officers():
    return get_user_model().objects.filter(groups__name=OFFICER_GROUP, is_active=True).order_by("full_name", "email")


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have an interest in this bid?",
        help_text="For example: you are a trustee, member or volunteer of the group, or family of someone who is.",
        choices=[("no", "No, I have no interest in it"), ("yes", "Yes, I have an interest")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="If yes, what is your interest?",
        required=False,
        max_length=NOTE_MAX_CHARACTERS,
        error_messages={"max_length": "Describe your interest in 2,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        admin_text_limits(self)

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and "details" not in self.errors and not (data.get("details") or "").strip():
            self.add_error("details", "Say what your interest is.")
        return data


class AssessmentForm(forms.Form):
    governance = forms.ChoiceField(label="Governance check", choices=Assessment.Check.choices, required=False)
    finance = forms.ChoiceField(label="Finance check", choices=Assessment.Check.choices, required=False)
    safeguarding = forms.ChoiceField(label="Safeguarding check", choices=Assessment.Check.choices, required=False)
    eligibility_notes = forms.CharField(
        label="Notes on eligibility",
        required=False,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.CharField(
        label="Assessment comments",
        required=False,
        max_length=LONG_ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recommended_amount = MoneyField(label="Recommended amount (£)", required=False, min_value=0)
    recommendation = forms.ChoiceField(choices=Recommendation.choices, required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (weight {criterion.weight}): score",
                help_text=criterion.description,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.name}: comment",
                required=False,
                max_length=NOTE_MAX_CHARACTERS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        admin_text_limits(self)

    def score_rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"score_{c.pk}"], data[f"comment_{c.pk}"])
            for c in self.criteria
            if data.get(f"score_{c.pk}") is not None
        }

    @staticmethod
    def initial_for(assessment) -> dict:
        if assessment is None:
            return {}
        initial = {
            name: getattr(assessment, name)
            for name in (
                "governance",
                "finance",
                "safeguarding",
                "eligibility_notes",
                "comments",
                "recommended_amount",
                "recommendation",
            )
        }
        for score in assessment.scores.all():
            initial[f"score_{score.criterion_id}"] = str(score.score)
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial


class ActionForm(forms.Form):
    """The inputs one move of the workflow needs: a reason, an amount, a panel minute reference."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=LONG_ANSWER_MAX_CHARACTERS
    )
    amount = MoneyField(label="Amount (£)", min_value=0, required=False)
    minute_reference = forms.CharField(
        label="Minute reference of the panel meeting",
        help_text="For example PAN/2026/14.",
        max_length=50,
        required=False,
    )

    REASON_LABELS = {
        "request_info": "Your question to the applicant (we email it to them)",
        "not_recommend": "Why you do not recommend it",
        "decline": "Reason for the decision (we email it to the applicant)",
        "approve": "Reason for the decision (we email it to the applicant)",
        "withdraw_grant": "Why the grant is withdrawn (we email it to the applicant)",
        "decline_after_approval": "Reason for the decision (we email it to the applicant)",
        "ask_revote": "Why the councillors should vote again (we email it to them)",
    }

    def __init__(self, *args, transition: Transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = self.REASON_LABELS.get(transition.action, "Reason")
        self.fields["reason"].required = transition.needs_reason
        if transition.needs_amount:
            self.fields["amount"].required = True
            if transition.action == "recommend":
                self.fields["amount"].label = "Amount you recommend (£)"
            elif transition.action == "approve":
                self.fields["amount"].label = "Amount awarded (£)"
        else:
            del self.fields["amount"]
        if transition.needs_minute_reference:
            self.fields["minute_reference"].required = True
        else:
            del self.fields["minute_reference"]
        admin_text_limits(self)


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(
        label="Officer",
        queryset=None,
        empty_label="Nobody (unassign)",
        required=False,
        # On the application's page the list sits inside the read-only form; this ties it to the assign form.
        widget=forms.Select(attrs={"form": "kbt-assign"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers()
