"""Admin widgets. Autocomplete boxes, safe with any value posted. Django's own look up what was posted to
show it again, and a value that is not an id at all ('²' for a number) raised a ValueError: a 500
instead of the form's "Select a valid choice". And tabular inlines whose inputs screen readers can name."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet


class _OnlyValidIds:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_OnlyValidIds, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_OnlyValidIds, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For a ModelAdmin or inline with autocomplete_fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LabelledRowsFormSet(BaseInlineFormSet):
    """A tabular inline's rows. Their inputs have no <label> (the column heading is not one), so each is
    named for screen readers by its column and its row: "Contact name: Kirkby traders", "Delete: new row 2"."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk:
            row = str(form.instance)
        else:
            row = "new row" if index is None else f"new row {index + 1}"
        for name, field in form.fields.items():
            label = "Delete" if name == DELETION_FIELD_NAME else field.label
            # A foreign key's widget is wrapped (RelatedFieldWidgetWrapper), whose own attrs are shared with
            # the form class's: the wrapped widget is this form's copy.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs["aria-label"] = f"{label}: {row}"


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledRowsFormSet

    class Media:
        # Names admin's autocomplete boxes (select2) for screen readers; see the script.
        js = ("js/admin-select2-labels.js",)
