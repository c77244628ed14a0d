"""Finance's and officers' payment pages in the officers' site, and the group's grant page: each
button does what its service allows and no more; bad input is a plain error on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grants.models import Instalment, LedgerEntry, PaymentHold, PaymentRun, ScheduleChange
from grants.services.payment_runs import run_approve, run_build
from kbt.audit.models import AuditEntry
from tests.grants.payment_factories import TODAY, finance, running_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return finance(full_name="Fay Builder"), finance(full_name="Gus Approver")


def run_url(run, name="change"):
    return reverse(f"admin:grants_paymentrun_{name}", args=[run.pk])


def test_finance_builds_a_run_and_only_another_person_sees_approve(client, team):
    running_grant(amount="2500.00", today=timezone.localdate())
    client.force_login(team[0])
    page = client.get(reverse("admin:grants_paymentrun_build"))
    assert "1 instalment is due for payment, £2,500 in all" in page.content.decode()
    response = client.post(reverse("admin:grants_paymentrun_build"))
    run = PaymentRun.objects.get()
    assert response.url == run_url(run)
    page = client.get(run_url(run)).content.decode()
    assert "You built this run, so a different member of Finance must approve it." in page
    assert "Approve this run" not in page
    client.post(run_url(run, "approve"))
    run.refresh_from_db()
    assert run.status == "built"

    client.force_login(team[1])
    assert "Approve this run" in client.get(run_url(run)).content.decode()
    client.post(run_url(run, "approve"))
    run.refresh_from_db()
    assert (run.status, run.approved_by) == ("approved", team[1])


def test_the_payment_file_streams_to_finance_only_and_is_logged(client, team):
    grant = running_grant(amount="2500.00")
    run, _ = run_approve(run=run_build(actor=team[0], today=TODAY), actor=team[1])
    client.force_login(grant.cast.officer)
    response = client.get(run_url(run, "file"))
    assert response.status_code == 302 and not AuditEntry.objects.exists()  # "Only a member of Finance…"
    client.force_login(team[0])
    response = client.get(run_url(run, "file"))
    assert response.streaming and response["Content-Disposition"] == f'attachment; filename="payment-run-{run.pk}.csv"'
    body = b"".join(response.streaming_content).decode()
    assert f"{grant.organisation.name},12-34-56,12345678,,2500.00,{grant.reference}-1" in body
    assert AuditEntry.objects.filter(action="exported", actor=team[0], target_id=str(run.pk)).count() == 1
    # Everywhere else the account is masked.
    page = client.get(run_url(run)).content.decode()
    assert "****5678" in page and "12345678" not in page


def test_people_outside_finance_cannot_build_or_pay(client, team):
    grant = running_grant()
    client.force_login(grant.cast.officer)
    assert client.get(reverse("admin:grants_paymentrun_build")).status_code == 403
    assert client.post(reverse("admin:grants_paymentrun_build")).status_code == 403
    assert client.get(reverse("admin:grants_paymentrun_remittance")).status_code == 403
    assert not PaymentRun.objects.exists()


def test_marking_paid_with_bad_input_says_what_to_fix(client, team):
    running_grant()
    run, _ = run_approve(run=run_build(actor=team[0], today=TODAY), actor=team[1])
    client.force_login(team[0])
    page = client.post(run_url(run, "paid"), {"paid_on": "2099-01-01", "finance_reference": ""})
    text = page.content.decode()
    assert page.status_code == 200 and "<title>Error: " in text
    assert "Enter today&#x27;s date or an earlier one" in text and "Enter the finance system&#x27;s reference" in text
    assert not LedgerEntry.objects.paid().exists()
    response = client.post(
        run_url(run, "paid"), {"paid_on": timezone.localdate().isoformat(), "finance_reference": "B1"}
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.paid().count() == 1


def test_a_bad_remittance_lists_each_line_and_saves_nothing(client, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    running_grant()
    run, _ = run_approve(run=run_build(actor=team[0], today=TODAY), actor=team[1])
    reference = run.instalments.get().reference
    client.force_login(team[0])
    upload = SimpleUploadedFile("r.csv", f"reference,amount,date paid\n{reference},1.00,2027-01-01\n".encode())
    page = client.post(reverse("admin:grants_paymentrun_remittance"), {"file": upload, "finance_reference": "R1"})
    text = page.content.decode()
    assert f"Line 2: {reference} is for £5,000, not £1" in text
    assert "nothing was marked paid" in text
    assert run.instalments.get().status == "in_run"


def test_an_officer_changes_the_schedule_with_a_reason_and_holds_payments(client):
    grant = running_grant(amount="5000.00")
    officer = grant.cast.officer
    client.force_login(officer)
    url = reverse("admin:grants_grant_schedule", args=[grant.pk])
    page = client.post(url, {"reason": "Split", "due_date_1": "2027-06-01", "amount_1": "1000"})
    assert "The instalments add up to £1,000, but £5,000 is left to schedule" in page.content.decode()
    page = client.post(url, {"reason": "", "due_date_1": "2027-06-01", "amount_2": "1000"})
    text = page.content.decode()
    assert "Enter why the schedule is changing" in text and "Enter both the due date and the amount" in text
    response = client.post(
        url,
        {
            "reason": "Split",
            "due_date_1": "2027-06-01",
            "amount_1": "£1,000",
            "due_date_2": "2027-09-01",
            "amount_2": "4000",
        },
    )
    assert response.status_code == 302
    assert ScheduleChange.objects.get().reason == "Split"
    assert list(grant.instalments.values_list("amount", flat=True).order_by("number")) == [1000, 4000]

    client.post(reverse("admin:grants_grant_hold", args=[grant.pk]), {"note": "Checking the lease"})
    assert PaymentHold.objects.get(application=grant, released_at=None).note == "Checking the lease"
    page = client.get(reverse("admin:grants_grant_payments", args=[grant.pk])).content.decode()
    assert "Held by an officer" in page and "Checking the lease" in page
    client.post(reverse("admin:grants_grant_release", args=[grant.pk]))
    assert not PaymentHold.objects.filter(released_at=None).exists()


def test_finance_cannot_change_a_schedule(client, team):
    grant = running_grant()
    client.force_login(team[0])
    page = client.post(
        reverse("admin:grants_grant_schedule", args=[grant.pk]),
        {"reason": "x", "due_date_1": "2027-06-01", "amount_1": "5000"},
    )
    assert "Only an officer can change a payment schedule." in page.content.decode()


def test_the_run_page_takes_the_same_queries_for_one_payment_or_many(client, team):
    for _ in range(3):
        running_grant()
    run = run_build(actor=team[0], today=TODAY)
    client.force_login(team[1])
    client.get(run_url(run))
    with CaptureQueriesContext(connection) as three:
        client.get(run_url(run))
    Instalment.objects.filter(payment_run=run).exclude(pk=Instalment.objects.filter(payment_run=run).first().pk).update(
        status="scheduled", payment_run=None
    )
    with CaptureQueriesContext(connection) as one:
        client.get(run_url(run))
    assert len(three) == len(one)


def test_the_group_sees_its_schedule_and_what_was_paid(client, team):
    grant = running_grant(amount="2500.00")
    run, _ = run_approve(run=run_build(actor=team[0], today=TODAY), actor=team[1])
    from grants.services.payment_runs import run_mark_paid

    run_mark_paid(run=run, actor=team[0], paid_on=timezone.localdate(), finance_reference="B1")
    client.force_login(grant.applicant)
    page = client.get(reverse("grants:application", args=[grant.pk])).content.decode()
    assert "When your grant is paid" in page
    assert f'>Paid</strong> <span class="govuk-body-s">Paid on {timezone.localdate():%-d %B %Y}' in page
    assert f"{grant.reference}-1" in page
    # Money on the officers' application page, from the ledger.
    client.force_login(grant.cast.officer)
    page = client.get(reverse("admin:grants_application_change", args=[grant.pk])).content.decode()
    assert 'data-testid="grant-paid">£2,500<' in page


def test_finance_need_their_second_factor_like_officers(client, password_only_login, team):
    password_only_login(client, team[0])
    response = client.get(reverse("admin:grants_paymentrun_changelist"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    assert client.post(reverse("admin:grants_paymentrun_build")).status_code == 302
    assert not PaymentRun.objects.exists()


def test_finance_see_runs_and_grants_but_change_nothing_else(client, team):
    grant = running_grant()
    client.force_login(team[0])
    assert client.get(reverse("admin:grants_paymentrun_changelist")).status_code == 200
    assert client.get(reverse("admin:grants_grant_payments", args=[grant.pk])).status_code == 200
    assert client.get(reverse("admin:grants_application_change", args=[grant.pk])).status_code == 200
    assert client.get(reverse("admin:grants_strand_changelist")).status_code == 403
    page = client.get(reverse("admin:grants_grant_payments", args=[grant.pk])).content.decode()
    assert "Change the schedule" not in page and "Hold this grant" not in page


@pytest.mark.parametrize("pk", ["abc", "%C2%B2", "999999"])
def test_a_run_address_with_nonsense_is_not_found(client, team, pk):
    client.force_login(team[0])
    assert client.get(f"/admin/grants/paymentrun/{pk}/change/").status_code == 404
