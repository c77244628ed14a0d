"""The officers' form for what the public register shows of a grant (issue 15)."""

from django import forms

from kbt.form_lengths import PUBLIC_SUMMARY_MAX_CHARACTERS

from ..models.applications import validate_no_contact_details


class PublicationForm(forms.Form):
    public_summary = forms.CharField(
        label="Summary for the public",
        required=False,
        max_length=PUBLIC_SUMMARY_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Written by the group. Edit it before it is published if it names people or says where they live.",
        error_messages={"max_length": f"The summary must be {PUBLIC_SUMMARY_MAX_CHARACTERS:,} characters or fewer"},
        validators=[validate_no_contact_details],
    )
    withheld = forms.BooleanField(label="Keep this grant off the register and the open data", required=False)
    withheld_reason = forms.CharField(
        label="Why it is kept off",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, a refuge whose address must stay private. Recorded in the audit log.",
    )
    postcode_withheld = forms.BooleanField(label="Keep the group's postcode private", required=False)
    postcode_withheld_reason = forms.CharField(
        label="Why the postcode is kept private",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="This applies to every grant of the group. Recorded in the audit log.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("withheld") and not (cleaned.get("withheld_reason") or "").strip():
            self.add_error("withheld_reason", "Enter why the grant is kept off the register")
        if cleaned.get("postcode_withheld") and not (cleaned.get("postcode_withheld_reason") or "").strip():
            self.add_error("postcode_withheld_reason", "Enter why the group's postcode is kept private")
        return cleaned

    @staticmethod
    def initial_for(application) -> dict:
        organisation = application.organisation
        return {
            "public_summary": application.public_summary,
            "withheld": application.withheld,
            "withheld_reason": application.withheld_reason,
            "postcode_withheld": organisation.postcode_withheld,
            "postcode_withheld_reason": organisation.postcode_withheld_reason,
        }
