"""Every long text people type has a limit the model holds, said in plain English (issue 20): in the
councillors' pages and the partners' pages with GOV.UK's character count, in the officers' site with the
browser's maxlength and the same words when more arrives."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.test import RequestFactory

from deals.models import Deal
from kbt.form_lengths import LimitedTextField

OUR_APPS = {"grants", "deals", "accounts", "audit", "outbox", "privacy", "reminders", "pages", "scanning", "demo"}
# Written by the portal itself, never typed into a form: rendered emails, errors, audit details, and the
# ledger's note (a copy of the decision's reason, which is limited where it is typed).
SYSTEM_WRITTEN = {
    "outboxemail.body_text",
    "outboxemail.body_html",
    "outboxemail.last_error",
    "auditentry.detail",
    "sentreminder.last_error",
    "ledgerentry.note",
    # A payment schedule's before and after, written out by the service when an officer changes it.
    "schedulechange.before",
    "schedulechange.after",
    # The officers' list filters and search, copied from the list's own address when a spreadsheet is asked for.
    "applicationexport.query",
}


def text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField):
                yield f"{model._meta.model_name.removeprefix('historical')}.{field.name}", field


def test_every_text_people_type_has_a_limit_the_model_holds():
    unlimited = sorted(
        name
        for name, field in text_fields()
        if name not in SYSTEM_WRITTEN
        and not (field.max_length and any(isinstance(v, MaxLengthValidator) for v in field.validators))
    )
    assert unlimited == []
    assert len(list(text_fields())) > 30  # the walk really found the fields


@pytest.mark.django_db
def test_the_model_refuses_a_deal_whose_shared_goal_is_too_long():
    deal = Deal(title="Tidy Tower Hill", slug="tidy-tower-hill", shared_goal="x" * 2_001)
    with pytest.raises(ValidationError) as error:
        deal.full_clean()
    assert error.value.message_dict["shared_goal"] == ["This must be 2,000 characters or fewer"]


@pytest.mark.django_db
def test_the_officers_site_keeps_maxlength_and_says_the_limit_in_words(admin_user):
    request = RequestFactory().get("/admin/deals/deal/add/")
    request.user = admin_user
    form_class = admin.site._registry[Deal].get_form(request)
    form = form_class({"title": "Tidy", "slug": "tidy", "shared_goal": "x" * 2_001, "status": "proposed"})
    assert 'maxlength="2000"' in str(form["shared_goal"])
    assert not form.is_valid()
    assert form.errors["shared_goal"] == ["Shared goal must be 2,000 characters or fewer"]


def test_a_limited_text_field_survives_its_migration_unchanged():
    field = LimitedTextField("note", blank=True, max_length=123)
    name, path, args, kwargs = field.deconstruct()
    again = LimitedTextField(*args, **kwargs)
    assert path == "kbt.form_lengths.LimitedTextField" and again.deconstruct()[3] == kwargs
    assert [v.limit_value for v in again.validators if isinstance(v, MaxLengthValidator)] == [123]


def form_classes():
    import importlib
    import inspect

    from django import forms

    for module_name in (
        "grants.forms.applicant",
        "grants.forms.councillor",
        "grants.forms.officers",
        "grants.forms.organisations",
        "grants.admin.budgets",
        "deals.forms",
        "kbt.accounts.forms",
        "kbt.privacy.forms",
    ):
        module = importlib.import_module(module_name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield cls


def test_every_text_area_in_our_forms_has_a_limit():
    from django import forms

    unlimited = [
        f"{cls.__name__}.{name}"
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field.widget, forms.Textarea) and not getattr(field, "max_length", None)
    ]
    assert unlimited == []
    assert sum(1 for _ in form_classes()) > 15
