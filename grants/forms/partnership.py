"""Forms for groups and councillors working together: comments and answers, support, ideas. They check
what a person typed; the rules live in grants.services.partnership and grants.services.ideas."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from ..models.partnership import COMMENT_MAX_CHARACTERS, IDEA_DESCRIPTION_MAX_CHARACTERS, SUPPORT_NOTE_MAX_CHARACTERS


def _helper(*fields, button: str, action: str = "") -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", button))
    if action:
        helper.form_action = action
    return helper


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment",
        help_text="The group sees your name and when you wrote it, and can answer.",
        widget=forms.Textarea,
        max_length=COMMENT_MAX_CHARACTERS,
        error_messages={
            "required": "Enter your comment",
            "max_length": f"Enter {COMMENT_MAX_CHARACTERS:,} characters or fewer",
        },
    )

    def __init__(self, *args, button="Add your comment", label=None, action="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
            self.fields["text"].help_text = "The councillor sees your name and when you wrote it."
            self.fields["text"].error_messages["required"] = "Enter your answer"
        self.helper = _helper(
            Field.textarea("text", rows=4, label_size=Size.SMALL, max_characters=COMMENT_MAX_CHARACTERS),
            button=button,
            action=action,
        )


class SupportForm(forms.Form):
    note = forms.CharField(
        label="A short note for the group (optional)",
        help_text="For example, why you support it.",
        widget=forms.Textarea,
        required=False,
        max_length=SUPPORT_NOTE_MAX_CHARACTERS,
        error_messages={"max_length": f"Enter {SUPPORT_NOTE_MAX_CHARACTERS} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("note", rows=3, max_characters=SUPPORT_NOTE_MAX_CHARACTERS), button="Support this bid"
        )


class IdeaForm(forms.Form):
    ward = forms.ModelChoiceField(
        label="Ward",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the ward"},
    )
    title = forms.CharField(
        label="Title",
        help_text="A few words, like “Plant the verges on Longview Drive”.",
        max_length=120,
        error_messages={"required": "Enter a title", "max_length": "Enter a title of 120 characters or fewer"},
    )
    description = forms.CharField(
        label="Describe the idea",
        help_text="What needs doing, and why it would help people in the ward.",
        widget=forms.Textarea,
        max_length=IDEA_DESCRIPTION_MAX_CHARACTERS,
        error_messages={
            "required": "Describe the idea",
            "max_length": f"Enter {IDEA_DESCRIPTION_MAX_CHARACTERS:,} characters or fewer",
        },
    )
    place = forms.CharField(
        label="Where",
        help_text="A street, park or landmark.",
        max_length=200,
        error_messages={"required": "Enter where it is", "max_length": "Enter 200 characters or fewer"},
    )

    def __init__(self, *args, wards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = wards
        if len(wards) == 1:
            self.fields["ward"].initial = wards[0].pk
        self.helper = _helper(
            Field.radios("ward", legend_size=Size.SMALL),
            Field.text("title"),
            Field.textarea("description", rows=5, max_characters=IDEA_DESCRIPTION_MAX_CHARACTERS),
            Field.text("place"),
            button="Post this idea",
        )
