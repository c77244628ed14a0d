"""An application's page in admin, read-only as it always is there, built without forms: its fields
(readonly_fieldsets) and the records under them, its budget lines, documents, status history and ledger
(record_tables).

Django builds a form, a bound field a field, and for the records tabular inlines with a formset, a form a
row and hidden widgets, all for values nobody edits here; with the template include a field, that was
most of the page's cost. Here each value is computed as admin shows a read-only field and the template
writes the same markup; the status history and the ledger show their latest rows, with a link to all."""

from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.contrib.admin.utils import (
    display_for_field,
    flatten_fieldsets,
    help_text_for_field,
    label_for_field,
    lookup_field,
    quote,
)
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import ForeignObjectRel, ManyToManyRel, Model, OneToOneField, QuerySet
from django.template.defaultfilters import linebreaksbr
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.text import capfirst

from ..models import Application, BudgetLine, Document, LedgerEntry, StatusChange, WardPot

LATEST = 20  # rows of the status history and of the ledger shown on the page
EMPTY = "-"  # as admin shows an empty read-only field


@dataclass
class RecordTable:
    key: str  # the id of its group and heading, as the inline's was
    title: str
    headers: list[tuple[str, str]]  # (field name, label)
    rows: list[list] = field(default_factory=list)
    more_url: str = ""  # set when only the latest rows are shown


def _headers(model: type[Model], names, labels=None) -> list[tuple[str, str]]:
    labels = labels or {}
    return [(n, labels.get(n) or capfirst(model._meta.get_field(n).verbose_name)) for n in names]


def _change_url(model: type[Model]) -> str | None:
    """The address of this model's change page in admin with {} for the record's number, or None if it has
    none: one reverse a page, not one a row or field."""
    opts = model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[0])
    except NoReverseMatch:
        return None
    before, _, after = url.rpartition("/0/")
    return before + "/{}/" + after


def _links(user, *models) -> dict:
    """For each related model this user may open in admin, _change_url: a related record in a table links
    there, as in a read-only inline."""
    return {m: _change_url(m) for m in models if admin.site.is_registered(m) and may_view(user, m)}


def _cells(obj: Model, names, links: dict) -> list[tuple[str, str]]:
    """(field name, what admin shows of it) for these fields of a record."""
    cells = []
    for name in names:
        model_field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if model_field.is_relation:
            url = links.get(model_field.related_model)
            if value is None:
                shown = EMPTY
            else:
                shown = format_html('<a href="{}">{}</a>', url.format(value.pk), str(value)) if url else str(value)
        elif model_field.flatchoices:
            shown = getattr(obj, f"get_{name}_display")() or EMPTY
        else:
            shown = display_for_field(value, model_field, EMPTY)
        cells.append((name, shown))
    return cells


def _latest(queryset: QuerySet, table: RecordTable, names, links: dict, changelist: str, application: Application):
    """The latest LATEST rows, oldest first as the whole list is, and a link to the whole list if longer."""
    rows = list(queryset.order_by("-created_at", "-id")[: LATEST + 1])
    if len(rows) > LATEST:
        rows = rows[:LATEST]
        table.more_url = reverse(changelist) + "?q=" + application.reference
    table.rows = [_cells(row, names, links) for row in reversed(rows)]
    return table


def may_view(user, model: type[Model]) -> bool:
    """As an inline's has_view_permission: the model's view or change permission."""
    opts = model._meta
    return any(user.has_perm(f"{opts.app_label}.{get_permission_codename(a, opts)}") for a in ("view", "change"))


def record_tables(application: Application, user) -> list[RecordTable]:
    """The tables this user may see (each model's view permission, as for an inline)."""
    tables = []
    links = _links(user, get_user_model(), WardPot)
    budget_names = ("item", "cost", "financial_year", "cost_type")
    budget = RecordTable("budget_lines", "Budget lines", _headers(BudgetLine, budget_names))
    if may_view(user, BudgetLine):
        budget.rows = [_cells(line, budget_names, links) for line in BudgetLine.objects.filter(application=application)]
        tables.append(budget)

    document_names = ("kind", "content_type", "size", "uploaded_by", "uploaded_at")
    documents = RecordTable(
        "documents",
        "Documents",
        [("kind", "Kind"), ("download", "File"), *_headers(Document, document_names[1:])],
    )
    if may_view(user, Document):
        for doc in Document.objects.filter(application=application).select_related("uploaded_by"):
            url = reverse("admin:grants_application_document", args=[application.pk, doc.pk])
            kind, *rest = _cells(doc, document_names, links)
            documents.rows.append(
                [kind, ("download", format_html('<a href="{}">{}</a>', url, doc.original_name)), *rest]
            )
        tables.append(documents)

    history_names = ("created_at", "actor", "recorded_by", "action", "from_status", "to_status")
    history_names += ("reason", "amount", "minute_reference")
    if may_view(user, StatusChange):
        tables.append(
            _latest(
                StatusChange.objects.filter(application=application).select_related("actor", "recorded_by"),
                RecordTable("status_changes", "Status history", _headers(StatusChange, history_names)),
                history_names,
                links,
                "admin:grants_statuschange_changelist",
                application,
            )
        )

    ledger_names = ("created_at", "kind", "amount", "ward_pot", "created_by", "note")
    if may_view(user, LedgerEntry):
        tables.append(
            _latest(
                LedgerEntry.objects.filter(application=application).select_related(
                    "ward_pot__ward", "ward_pot__strand", "created_by"
                ),
                RecordTable("ledger_entries", "Ledger entries", _headers(LedgerEntry, ledger_names)),
                ledger_names,
                links,
                "admin:grants_ledgerentry_changelist",
                application,
            )
        )
    return tables


def readonly_fieldsets(model_admin, request, obj) -> list[dict]:
    """The change form's fieldsets as admin shows them read-only (every field of an application is, here):
    each {"name", "fields": [{"name", "label", "contents", "help_text"}]}, the contents as AdminReadonlyField
    gives them, but without building the form, its bound fields and a template include a field."""
    model = type(obj)
    empty = model_admin.get_empty_value_display()
    links: dict = {}
    fieldsets = []
    for name, options in model_admin.get_fieldsets(request, obj):
        rows = []
        for field_name in flatten_fieldsets([(name, options)]):
            label = label_for_field(field_name, model, model_admin)
            try:
                f, attr, value = lookup_field(field_name, obj, model_admin)
            except (AttributeError, ValueError, ObjectDoesNotExist):
                contents = empty
            else:
                if f is None:
                    if getattr(attr, "boolean", False):
                        contents = _boolean_icon(value)
                    else:
                        contents = value if hasattr(value, "__html__") else linebreaksbr(value)
                elif isinstance(f.remote_field, ManyToManyRel) and value is not None:
                    contents = linebreaksbr(", ".join(map(str, value.all())))
                elif isinstance(f.remote_field, (ForeignObjectRel, OneToOneField)) and value is not None:
                    related = f.remote_field.model
                    if related not in links:
                        links[related] = _change_url(related)
                    url = links[related]
                    if url:
                        contents = linebreaksbr(format_html('<a href="{}">{}</a>', url.format(quote(value.pk)), value))
                    else:
                        contents = linebreaksbr(str(value))
                else:
                    contents = linebreaksbr(display_for_field(value, f, empty))
            rows.append(
                {
                    "name": field_name,
                    "label": capfirst(label),
                    "contents": conditional_escape(contents),
                    "help_text": help_text_for_field(field_name, model),
                }
            )
        fieldsets.append({"name": name, "fields": rows})
    return fieldsets
