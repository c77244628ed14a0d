"""Post an admin change form back as a person would: every field as the page showed it, plus changes."""

from django.forms import MultiWidget
from django.urls import reverse


def change_form_data(client, obj, **changes) -> dict:
    """The admin change page of `obj` as it stands, as POST data (inline formsets included)."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    data = {}
    for form in forms:
        for bound in form:
            if bound.field.disabled:
                continue
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(bound.field.widget, MultiWidget):
                # The admin's split date and time boxes: one value per box.
                for index, part in enumerate(bound.field.widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = str(part)
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "on" if value is True else str(value)
    data.update(changes)
    return data


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
