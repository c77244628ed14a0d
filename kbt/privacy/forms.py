from django import forms

from kbt.accounts.forms import GdsFormMixin

from .models import EqualityResponse


def _radios(field: str, error: str):
    model_field = EqualityResponse._meta.get_field(field)
    return forms.ChoiceField(
        label=model_field.verbose_name[0].upper() + model_field.verbose_name[1:],
        choices=model_field.choices,
        widget=forms.RadioSelect,
        error_messages={"required": error},
    )


class EqualityForm(GdsFormMixin, forms.Form):
    serves_age = _radios("serves_age", "Select the ages your group serves, or prefer not to say")
    serves_ethnicity = _radios("serves_ethnicity", "Select an ethnic group, or prefer not to say")
    serves_ethnicity_other = forms.CharField(
        label="If another ethnic group, which one? (optional)", max_length=100, required=False
    )
    serves_disabled = _radios("serves_disabled", "Select yes, no or prefer not to say")
    led_by_ethnicity = _radios("led_by_ethnicity", "Select an ethnic group, or prefer not to say")
    led_by_ethnicity_other = forms.CharField(
        label="If another ethnic group, which one? (optional)", max_length=100, required=False
    )
    led_by_disabled = _radios("led_by_disabled", "Select yes, no or prefer not to say")
    led_by_sex = _radios("led_by_sex", "Select who runs your group, or prefer not to say")
    consent = forms.BooleanField(
        label=(
            "I agree that Knowsley Council may keep these answers to see which communities the fund reaches. "
            "They will not be shown to anyone who assesses or decides our application."
        ),
        error_messages={"required": "Tick the box to agree, or leave this page without answering"},
    )


class ConfirmDeleteForm(GdsFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account will be deleted and I cannot get it back",
        error_messages={"required": "Tick the box to confirm you want to delete your account"},
    )
