"""One grant in the 360Giving standard: identifiers, dates, titles and money, row by row."""

import datetime as dt
from decimal import Decimal

import pytest

from grants.models import LedgerEntry
from grants.open_data.identifiers import grant_id, recipient_org_id
from grants.open_data.models import PublishingRun
from grants.open_data.services import open_data_publish
from grants.open_data.threesixty import date_time, description, duration_months, grant_record, short_title
from grants.open_data.validation import grant_problems
from tests.open_data.support import fake_rows, published_grant, read_json


def _row(**changes) -> dict:
    return {**next(fake_rows(1)), **changes}


def test_grant_ids_use_the_prefix_setting(settings):
    settings.OPEN_DATA_360G_PREFIX = "360G-kmbc-"
    assert grant_id("KBT-ENV-00042") == "360G-kmbc-KBT-ENV-00042"


@pytest.mark.parametrize(
    "numbers, expected",
    [
        (dict(charity_number="1123456"), "GB-CHC-1123456"),
        (dict(charity_number="1123456-1", company_number="09876543"), "GB-CHC-1123456"),
        (dict(charity_number="SC012345"), "GB-SC-SC012345"),
        (dict(charity_number="NIC100002"), "GB-NIC-100002"),
        (dict(company_number="sc123456"), "GB-COH-SC123456"),
        (dict(society_number="31245R"), "GB-MPR-31245R"),
        (dict(), "360G-knowsley-org-7"),
    ],
)
def test_recipient_org_ids_follow_org_id_guide(settings, numbers, expected):
    settings.OPEN_DATA_360G_PREFIX = "360G-knowsley"
    blank = dict(charity_number="", company_number="", society_number="")
    assert recipient_org_id(pk=7, **{**blank, **numbers}) == expected


def test_dates_are_full_date_times_in_utc():
    assert date_time(dt.date(2027, 1, 1)) == "2027-01-01T00:00:00+00:00"
    assert date_time(dt.datetime(2026, 6, 1, 11, 30, 5, 123, tzinfo=dt.timezone(dt.timedelta(hours=1)))) == (
        "2026-06-01T10:30:05+00:00"
    )


@pytest.mark.parametrize(
    "start, end, months",
    [
        (dt.date(2027, 1, 1), dt.date(2027, 6, 30), 6),
        (dt.date(2026, 4, 1), dt.date(2029, 3, 31), 36),
        (dt.date(2027, 1, 1), dt.date(2027, 1, 1), 1),
    ],
)
def test_duration_is_whole_months(start, end, months):
    assert duration_months(start, end) == months


def test_a_long_title_is_cut_under_140_characters_at_a_word():
    title = "Planting " * 30
    assert len(short_title(title)) <= 140 and short_title(title).endswith("Planting…")


def test_the_description_is_never_the_title():
    assert description(_row(public_summary="")) != short_title(_row()["title"])
    assert description(_row(public_summary=_row()["title"])) != short_title(_row()["title"])


def test_amount_disbursed_once_paid_and_valid(settings):
    settings.SITE_URL = "https://grants.knowsley.gov.uk"
    paid = grant_record(_row(paid=Decimal("1250.50")))
    assert paid["amountDisbursed"] == 1250.5 and paid["amountAwarded"] == 2500
    assert "amountDisbursed" not in grant_record(_row(paid=Decimal("0.00")))
    assert grant_problems(paid) == []


@pytest.mark.django_db
@pytest.mark.skipif(not hasattr(LedgerEntry.Kind, "PAID"), reason="payments (issue 13) adds the paid ledger kind")
def test_amount_disbursed_is_what_the_ledger_says_was_paid():
    from grants.services import ledger, payments

    grant = published_grant()
    instalments = payments.make_schedule(grant, actor=grant.cast.officer)  # idempotent after acceptance
    ledger.pay(instalments=instalments[:1], actor=grant.cast.officer, note="Paid in the test")
    (record,) = read_json(open_data_publish(trigger=PublishingRun.Trigger.SCHEDULE))["grants"]
    assert record["amountDisbursed"] == float(instalments[0].amount)
