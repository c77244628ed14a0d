"""Bank details: format checks, encrypted at rest (read back with raw SQL), masked, a name that is not
the organisation's waits for an officer, and a change after acceptance holds payment until an officer
records a phone check. Every look by staff is audited."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection

from grants import services
from grants.models import BankDetails, Status
from grants.services import bank_details as bank
from kbt.audit.models import AuditEntry
from tests.factories import accept, application_at, member_of, officer

pytestmark = pytest.mark.django_db

NEW = {"account_name": None, "sort_code": "40 47 84", "account_number": "87654321", "roll_number": ""}


def active():
    application = application_at(Status.GRANT_ACTIVE)
    NEW["account_name"] = application.organisation.name
    return application


def test_the_database_never_holds_the_plain_account_number_or_sort_code():
    application = active()
    details = BankDetails.objects.get(application=application)
    assert details.account_number == "12345678" and details.sort_code == "30-94-30"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT account_number, sort_code, account_name FROM grants_bankdetails WHERE id = %s", [details.pk]
        )
        stored = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM grants_bankdetails WHERE account_number LIKE %s", ["%12345678%"])
        assert cursor.fetchone()[0] == 0
    assert all(value.startswith("gAAAA") for value in stored)  # Fernet tokens
    assert "12345678" not in stored[0] and "309430" not in stored[1].replace("-", "")
    assert application.organisation.name not in stored[2]


def test_shown_masked():
    details = BankDetails.objects.get(application=active())
    assert (details.masked_account, details.masked_sort_code) == ("****5678", "**-**-30")
    assert "12345678" not in str(details)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sort_code", "12345", "Enter a valid sort code like 309430"),
        ("sort_code", "12-34-5x", "Enter a valid sort code like 309430"),
        ("account_number", "12345", "Enter a valid account number like 00733445"),
        ("account_number", "123456789", "Enter a valid account number like 00733445"),
        ("roll_number", "ROLL#1", "Building society roll number must be between 1 and 18 characters"),
    ],
)
def test_format_checks(field, value, message):
    application = application_at(Status.OFFER_ISSUED)
    details = {"account_name": application.organisation.name, "sort_code": "309430", "account_number": "00733445"}
    problems = bank.bank_details_problems(application=application, **{**details, field: value})
    assert problems[field].startswith(message)


def test_sort_code_and_account_number_accept_spaces_and_hyphens():
    application = application_at(Status.OFFER_ISSUED)
    problems = bank.bank_details_problems(
        application=application,
        account_name=f"The {application.organisation.name} Ltd",
        sort_code="30 94 30",
        account_number="0073 3445",
        roll_number="1234/567.A",
    )
    assert problems == {}


def test_a_name_that_is_not_the_organisations_needs_a_reason_then_an_officers_confirmation():
    application = application_at(Status.OFFER_ISSUED)
    with pytest.raises(services.OfferInvalid) as refused:
        accept(application, application.applicant, account_name="J Smith")
    assert "name_mismatch_reason" in refused.value.problems
    reason = "They hold our money"
    accept(application, application.applicant, account_name="Parent Charity", name_mismatch_reason=reason)
    details = BankDetails.objects.get(application=application)
    assert details.needs_confirmation and details.name_mismatch_reason == "They hold our money"
    assert not services.offers.bank_details_ready(application)
    bank.bank_details_confirm(
        details=details, actor=application.cast.officer, confirmed_with="Pat Chair", confirmed_phone="0151 489 6000"
    )
    assert services.offers.bank_details_ready(application)


def test_a_change_after_acceptance_holds_payment_emails_every_member_and_waits_for_a_phone_check(
    monkeypatch, django_capture_on_commit_callbacks
):
    application = active()
    other = member_of(application.organisation, can_sign=False)
    held, released = [], []
    monkeypatch.setattr(bank, "_after_bank_details_changed", lambda a, actor: held.append((a.pk, actor)))
    monkeypatch.setattr(bank, "_after_bank_details_confirmed", lambda a, actor: released.append((a.pk, actor)))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = bank.bank_details_change(application=application, actor=application.applicant, **NEW)
    assert held == [(application.pk, application.applicant)] and released == []
    assert new.changed_after_acceptance and new.needs_confirmation
    assert BankDetails.objects.filter(application=application).count() == 2  # the old row is kept
    assert BankDetails.objects.get(application=application, is_current=True) == new
    assert not services.offers.bank_details_ready(application)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([application.applicant.email, other.email])
    assert "****4321" in mail.outbox[0].body and "87654321" not in mail.outbox[0].body

    checker = application.cast.officer
    with pytest.raises(services.OfferInvalid):
        bank.bank_details_confirm(details=new, actor=checker, confirmed_with="", confirmed_phone="call me")
    bank.bank_details_confirm(details=new, actor=checker, confirmed_with="Pat Chair", confirmed_phone="0151 489 6000")
    new.refresh_from_db()
    assert (new.confirmed_by, new.confirmed_with, new.confirmed_phone) == (checker, "Pat Chair", "0151 489 6000")
    assert new.confirmed_at is not None and not new.needs_confirmation
    assert released == [(application.pk, checker)]
    assert services.offers.bank_details_ready(application)
    with pytest.raises(services.TransitionNotAllowed):
        bank.bank_details_confirm(details=new, actor=checker, confirmed_with="Pat", confirmed_phone="0151 489 6000")


def test_only_a_signatory_changes_bank_details_and_only_on_a_running_grant():
    application = active()
    member = member_of(application.organisation, can_sign=False)
    with pytest.raises(services.ActionForbidden):
        bank.bank_details_change(application=application, actor=member, **NEW)
    with pytest.raises(services.ActionForbidden):
        bank.bank_details_change(application=application, actor=application.cast.officer, **NEW)
    offered = application_at(Status.OFFER_ISSUED)
    with pytest.raises(services.TransitionNotAllowed):
        bank.bank_details_change(application=offered, actor=offered.applicant, **NEW)
    assert BankDetails.objects.filter(application=application).count() == 1


def test_only_an_officer_with_the_permission_confirms_or_sees_bank_details():
    application = active()
    details = bank.bank_details_change(application=application, actor=application.applicant, **NEW)
    without = officer()
    without.groups.first().permissions.remove(Permission.objects.get(codename="see_bank_details"))
    without = type(without).objects.get(pk=without.pk)  # drop the permission cache
    assert not bank.may_see_bank_details(without, application)
    with pytest.raises(services.ActionForbidden):
        bank.bank_details_confirm(details=details, actor=without, confirmed_with="Pat", confirmed_phone="0151 489 6000")
    assert bank.may_see_bank_details(application.applicant, application)
    assert not bank.may_see_bank_details(application.cast.stranger, application)
    assert not bank.may_see_bank_details(application.cast.councillor, application)


def test_a_staff_look_is_audited_without_the_details():
    application = active()
    details = BankDetails.objects.get(application=application)
    bank.bank_details_viewed(details=details, actor=application.cast.officer, where="a test")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEWED, target_id=str(details.pk))
    assert entry.actor == application.cast.officer
    assert "12345678" not in entry.detail and "5678" not in entry.target_label.replace("****5678", "")
