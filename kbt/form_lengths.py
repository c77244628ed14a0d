"""Text limits that people are told about, and GOV.UK's file upload component (issue 20).

Every text box with a maximum length says so in plain English when it is passed ("Project name must be
200 characters or fewer") instead of the browser silently cutting what was typed (no `maxlength`
attribute), and every long answer (a textarea) shows GOV.UK's character count as people type.

Every long text people type is held to a limit in the model too (`LimitedTextField`), so a service, an
import or the officers' site cannot store more. The officers' site (Django admin) keeps the browser's
`maxlength` on its text areas and says the limit in the same words when more arrives (`admin_text_limits`)."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import capfirst

# Long answers on the applicant's pages: a summary is short, the others may say more.
SUMMARY_MAX_CHARACTERS = 2_000
LONG_ANSWER_MAX_CHARACTERS = 5_000
# The summary the group writes for the public register of grants (issue 15).
PUBLIC_SUMMARY_MAX_CHARACTERS = 1_000
# A note, a comment, a reason given in passing: a paragraph or two.
NOTE_MAX_CHARACTERS = 2_000


def too_long_message(label, max_length: int) -> str:
    """“Project name must be 200 characters or fewer”, from the field's label without its note in brackets;
    “Your answer must be…” when the label is a question. A form may set its own words instead."""
    label = re.sub(r"\s*\([^)]*\)$", "", str(label or "")) or "This answer"
    if label.endswith("?"):
        label = "Your answer"
    return f"{capfirst(label)} must be {max_length:,} characters or fewer"


class LimitedTextField(models.TextField):
    """A TextField whose `max_length` is held by the model's validation (a plain TextField's reaches only
    its form), and whose form field, in any ModelForm or the officers' site, says the limit in plain
    English. The database column stays `text`: changing a limit needs no data migration."""

    def __init__(self, *args, max_length: int = LONG_ANSWER_MAX_CHARACTERS, **kwargs):
        # Kept out of `validators`, which migrations would copy and this would add to again.
        self.default_validators = [
            MaxLengthValidator(max_length, message=f"This must be {max_length:,} characters or fewer")
        ]
        super().__init__(*args, max_length=max_length, **kwargs)

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.error_messages.setdefault("max_length", too_long_message(field.label, self.max_length))
        return field


def admin_text_limits(form: forms.BaseForm) -> None:
    """For the officers' own forms in admin: each text limit said in the field's own words. The browser's
    `maxlength` stays, as everywhere in admin; this message is for what arrives longer all the same (a
    paste whose line breaks count twice, a script)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages.setdefault("max_length", too_long_message(field.label, field.max_length))


def text_limits_apply(form: forms.BaseForm) -> list[str]:
    """Say each limit in the field's own words and let the server, not the browser, enforce it.
    Returns the names of the textareas to show a character count on. Safe to call more than once."""
    counted = []
    for name, field in form.fields.items():
        max_length = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not max_length:
            continue
        field.widget.attrs.pop("maxlength", None)
        field.error_messages.setdefault("max_length", too_long_message(field.label, max_length))
        if isinstance(field.widget, forms.Textarea):
            # crispy-forms-gds adds the count's "-info" id to this, and fails if it is missing.
            field.widget.attrs.setdefault("aria-describedby", "")
            counted.append(name)
    return counted


class CountingFormHelper(FormHelper):
    """crispy-forms-gds's helper, whose layout (unless one is set) is every field in order, with GOV.UK's
    character count on each long answer and GOV.UK's file upload component on each file field. Built when
    the form is drawn, so fields a form adds after GdsFormMixin's __init__ are there too."""

    def __init__(self, form: forms.BaseForm):
        self._form = form
        self._layout = None
        super().__init__()
        self.form_tag = False

    @property
    def layout(self):
        if self._layout is not None:
            return self._layout
        counted = text_limits_apply(self._form)
        fields = self._form.fields
        files = [name for name, field in fields.items() if isinstance(field, forms.FileField)]
        if not counted and not files:
            return None
        return Layout(*(self._field(name, fields[name], counted, files) for name in fields))

    @staticmethod
    def _field(name, field, counted, files):
        if name in counted:
            return Field.textarea(name, rows=field.widget.attrs.get("rows", 5), max_characters=field.max_length)
        if name in files:
            return Field(name, template="includes/file_upload_field.html")
        return name

    @layout.setter
    def layout(self, value):
        self._layout = value


# Standard terms and conditions of a strand: a few pages.
TERMS_MAX_CHARACTERS = 20_000
