"""Paying a grant in a real browser: Finance builds a run, a second person approves it, the payment
file downloads, the run is marked paid, and the group sees "Paid". axe checks every new page."""

import pytest
from django.utils import timezone

from grants.models import LedgerEntry, PaymentRun
from tests.e2e.conftest import assert_accessible
from tests.grants.payment_factories import finance, running_grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_finance_builds_another_approves_the_file_downloads_and_the_group_sees_paid(page, sign_in):
    grant = running_grant(amount="2500.00", today=timezone.localdate())
    fay, gus = finance(full_name="Fay Builder"), finance(full_name="Gus Approver")

    sign_in(page, fay)
    page.goto("/admin/grants/paymentrun/")
    assert_accessible(page)
    page.get_by_role("link", name="Build a payment run").click()
    page.get_by_text("1 instalment is due for payment, £2,500 in all").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Build the payment run").click()
    page.get_by_text("You built this run, so a different member of Finance must approve it.").wait_for()
    assert_accessible(page)
    run = PaymentRun.objects.get()

    page.context.clear_cookies()
    sign_in(page, gus)
    page.goto(f"/admin/grants/paymentrun/{run.pk}/change/")
    page.get_by_role("button", name="Approve this run").click()
    assert page.get_by_test_id("run-status").inner_text() == "Approved: payment file ready"
    assert "****5678" in page.content()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the payment file (CSV)").click()
    body = open(download.value.path(), encoding="utf-8").read()
    assert f"{grant.organisation.name},12-34-56,12345678,,2500.00,{grant.reference}-1" in body

    page.get_by_role("link", name="Mark this run paid").click()
    assert_accessible(page)
    page.get_by_label("The finance system's reference for this payment").fill("BACS-0042")
    page.get_by_role("button", name="Mark as paid").click()
    assert page.get_by_test_id("run-status").inner_text() == "Paid"
    assert LedgerEntry.objects.paid().get().amount == 2500

    page.goto("/admin/grants/paymentrun/remittance/")
    assert_accessible(page)
    page.goto("/admin/grants/paymentrun/years/")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, grant.cast.officer)
    page.goto(f"/admin/grants/instalment/grant/{grant.pk}/")
    assert page.get_by_test_id("grant-paid").inner_text() == "£2,500"
    assert_accessible(page)
    page.goto(f"/admin/grants/instalment/grant/{grant.pk}/schedule/")
    assert_accessible(page)
    page.goto(f"/admin/grants/instalment/grant/{grant.pk}/hold/")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, grant.applicant)
    page.goto(f"/applications/{grant.pk}/")
    table = page.get_by_role("table", name="When your grant is paid")
    assert table.get_by_text("Paid", exact=True).is_visible()
    assert_accessible(page)
