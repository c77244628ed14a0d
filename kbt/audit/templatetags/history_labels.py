"""Words people read on the admin's History pages, not stored codes (`Awaiting decision`, not
`awaiting_decision`)."""

from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


def _label(model, name: str, value):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    return value


@register.simple_tag
def history_value(record, column: str):
    """A history row's column, as its label where the field has choices."""
    display = getattr(record, f"get_{column}_display", None)
    if callable(display):
        return display()
    return getattr(record, column, "")


@register.simple_tag
def history_change_value(record, field_name: str, value):
    """One side of a change between two versions, as its label where the field has choices."""
    return _label(record.instance_type, field_name, value)


@register.simple_tag
def history_column_label(opts, column: str) -> str:
    """A column's heading: the field's own name, as people read it."""
    try:
        return str(opts.get_field(column).verbose_name).capitalize()
    except FieldDoesNotExist:
        return column.replace("_", " ").capitalize()
