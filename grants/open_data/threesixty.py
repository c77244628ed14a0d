"""One published grant in the 360Giving Data Standard (1.4.3), from a row of `rows.published_rows()`.

What goes in is what the public register shows: the group's name, registered numbers and postcode (unless
an officer withheld it), the title and public summary, money, dates, ward and priorities. Never a person:
no contact name, email, phone or bank detail is read, so none can be written.

Dates are written as full date-times (UTC): the schema's `oneOf` of date-time or plain date accepts exactly
one of them, whichever checker a reader uses."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .identifiers import (
    FUNDER_ID,
    FUNDER_NAME,
    KNOWSLEY_DISTRICT_CODE,
    charity_registration,
    grant_id,
    prefix,
    recipient_org_id,
)

TITLE_LIMIT = 140  # 360Giving: "This should be under 140 characters long"
PRIORITIES_VOCABULARY = "Knowsley Council priorities"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SCHEMA_VERSION = "1.4"
FUNDER = {"id": FUNDER_ID, "name": FUNDER_NAME}


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def grant_page_url(reference: str) -> str:
    """The grant's public page on the register (like /grants/KBT-ENV-00042/): its `dataSource` and `url`."""
    return site_url(reverse("grants:grant", args=[reference]))


def date_time(value) -> str:
    """A date or an aware datetime as an RFC 3339 date-time in UTC, like 2027-01-01T00:00:00+00:00."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = dt.datetime.combine(value, dt.time.min, tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def number(amount: Decimal) -> int | float:
    """Pounds as a JSON number: 2500 or 2500.5."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def duration_months(start: dt.date, end: dt.date) -> int:
    """Whole months from start to end inclusive, at least 1: 1 January to 30 June is 6."""
    days = (end - start).days + 1
    return max(1, round(days / 30.4375))


def short_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= TITLE_LIMIT:
        return title
    return title[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,.;:-") + "…"


def description(row: dict) -> str:
    """The public summary the group wrote (and an officer may have edited); never the same as the title."""
    summary = " ".join((row["public_summary"] or "").split())
    if summary and summary != short_title(row["title"]):
        return summary
    return f"{short_title(row['title'])}: a grant from the Knowsley Better Together {row['strand__name']} strand."


def ward_location(name: str | None, code: str | None) -> dict:
    if name and code:
        return {"name": name, "geoCode": code, "geoCodeType": "WD", "countryCode": "GB"}
    return {"name": "Knowsley", "geoCode": KNOWSLEY_DISTRICT_CODE, "geoCodeType": "MD", "countryCode": "GB"}


def recipient(row: dict) -> dict:
    org = {
        "id": recipient_org_id(
            pk=row["organisation_id"],
            charity_number=row["organisation__charity_number"],
            company_number=row["organisation__company_number"],
            society_number=row["organisation__society_number"],
        ),
        "name": row["organisation__name"],
    }
    _, charity = charity_registration(row["organisation__charity_number"])
    if charity:
        org["charityNumber"] = charity
    if row["organisation__company_number"]:
        org["companyNumber"] = row["organisation__company_number"].strip().upper()
    if row["organisation__postcode"] and not row["organisation__postcode_withheld"]:
        org["postalCode"] = row["organisation__postcode"]
    if row["organisation__ward__code"]:
        org["location"] = [ward_location(row["organisation__ward__name"], row["organisation__ward__code"])]
    return org


def planned_dates(row: dict) -> list[dict]:
    start, end = row["start_date"], row["end_date"]
    if not (start and end):
        return []
    return [{"startDate": date_time(start), "endDate": date_time(end), "duration": duration_months(start, end)}]


def grant_programme(row: dict) -> dict:
    return {
        "code": f"{prefix()}-{row['strand__code']}-R{row['round_id']}",
        "title": f"{row['strand__name']}: {row['round__name']}",
        "url": site_url(reverse("grants:strand", args=[row["strand__slug"]])),
    }


def grant_record(row: dict) -> dict:
    """The 360Giving grant for one published row (see `rows.COLUMNS`)."""
    page = grant_page_url(row["reference"])
    has_ward = bool(row["ward__code"])
    grant = {
        "id": grant_id(row["reference"]),
        "title": short_title(row["title"]),
        "description": description(row),
        "currency": "GBP",
        "amountAwarded": number(row["amount_awarded"]),
        "awardDate": date_time(row["decided_at"]),
        "url": page,
        "recipientOrganization": [recipient(row)],
        "fundingOrganization": [FUNDER],
        "grantProgramme": [grant_programme(row)],
        "beneficiaryLocation": [ward_location(row["ward__name"], row["ward__code"])],
        "locationScope": "GLS060" if has_ward else "GLS050",
        "fromOpenCall": "Yes",
        "dateModified": date_time(row["updated_at"]),
        "dataSource": page,
    }
    if row["paid"]:
        grant["amountDisbursed"] = number(row["paid"])
    if dates := planned_dates(row):
        grant["plannedDates"] = dates
    if row["priorities"]:
        grant["classifications"] = [
            {"vocabulary": PRIORITIES_VOCABULARY, "code": f"P{n}", "title": name} for n, name in row["priorities"]
        ]
    return grant


def package_metadata(*, now: dt.datetime | None = None) -> dict:
    """The package's own fields (written before its grants)."""
    now = now or timezone.now()
    return {
        "version": SCHEMA_VERSION,
        "title": "Knowsley Better Together: grants awarded",
        "description": (
            "Every grant the Knowsley Better Together social sector fund has awarded and the group has "
            "accepted, with what has been paid so far. Updated every night."
        ),
        "identifier": f"{prefix()}-grants",
        "issued": date_time(now),
        "modified": date_time(now),
        "publisher": {"identifier": FUNDER_ID, "name": FUNDER_NAME, "website": "https://www.knowsley.gov.uk/"},
        "downloadURL": site_url(reverse("open_data:json")),
        "accessURL": site_url(reverse("open_data:index")),
        "license": LICENCE_URL,
    }
