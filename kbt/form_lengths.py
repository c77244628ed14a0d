"""Text limits that people are told about, and GOV.UK's file upload component (issue 20).

Every text box with a maximum length says so in plain English when it is passed ("Project name must be
200 characters or fewer") instead of the browser silently cutting what was typed (no `maxlength`
attribute), and every long answer (a textarea) shows GOV.UK's character count as people type."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils.text import capfirst

# Long answers on the applicant's pages: a summary is short, the others may say more.
SUMMARY_MAX_CHARACTERS = 2_000
LONG_ANSWER_MAX_CHARACTERS = 5_000
# The summary the group writes for the public register of grants (issue 15).
PUBLIC_SUMMARY_MAX_CHARACTERS = 1_000


def too_long_message(label, max_length: int) -> str:
    return f"{capfirst(str(label or 'This answer'))} must be {max_length:,} characters or fewer"


def text_limits_apply(form: forms.BaseForm) -> list[str]:
    """Say each limit in the field's own words and let the server, not the browser, enforce it.
    Returns the names of the textareas to show a character count on. Safe to call more than once."""
    counted = []
    for name, field in form.fields.items():
        max_length = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not max_length:
            continue
        field.widget.attrs.pop("maxlength", None)
        field.error_messages["max_length"] = too_long_message(field.label, max_length)
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
