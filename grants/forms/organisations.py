"""The applicant's forms about their group: its profile, choosing which group to act for, and inviting
members. The views call grants.services.organisations with what they clean."""

from django import forms

from kbt.accounts.forms import GdsFormMixin

from ..models import Organisation
from .fields import MoneyField, RealDateField


class OrganisationForm(GdsFormMixin, forms.ModelForm):
    annual_income = MoneyField(label="Annual income (£)", help_text="From your latest accounts.", min_value=0)
    date_established = RealDateField(label="When was your group set up?", help_text="For example, 27 3 2015")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "org_type",
            "charity_number",
            "company_number",
            "society_number",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "ward",
            "annual_income",
            "date_established",
        ]
        labels = {"name": "Name of your group", "ward": "Ward your group is based in (optional)"}
        widgets = {"org_type": forms.RadioSelect}
        help_texts = {
            "charity_number": "If you are a registered charity or a CIO",
            "company_number": "If you are a company (CIC or company limited by guarantee)",
            "society_number": "If you are a community benefit society",
        }
        error_messages = {
            "name": {"required": "Enter the name of your group"},
            "org_type": {"required": "Select the type of your group"},
            "address_line_1": {"required": "Enter the building and street"},
            "town": {"required": "Enter the town or city"},
            "postcode": {"required": "Enter the postcode"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_type"].choices = Organisation.Type.choices
        self.fields["ward"].empty_label = "I do not know"
        self.fields["annual_income"].error_messages["required"] = "Enter your annual income, or 0 if you are new"
        self.fields["date_established"].error_messages["required"] = "Enter the date your group was set up"


class ChooseOrganisationForm(forms.Form):
    """Which of their own organisations someone acts for."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user)


class InviteForm(GdsFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address of the person to invite",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
