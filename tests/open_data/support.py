"""Published grants of every kind of group, and the published files read back."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from django.core.files.storage import default_storage
from openpyxl import load_workbook

from grants.models import Organisation, Status, Ward
from grants.open_data.models import PublishingRun
from grants.wards import ward_codes
from tests.factories import OrganisationFactory, PriorityFactory, application_at, priorities_strand


def coded_ward(name="Halewood North") -> Ward:
    ward, _ = Ward.objects.get_or_create(name=name, defaults={"slug": name.lower().replace(" ", "-")})
    ward.code = ward_codes()[name]
    ward.save()
    return ward


def published_grant(*, organisation=None, priorities=False, **fields):
    """An accepted grant (GRANT_ACTIVE): environmental in a coded ward, or priorities with two priorities."""
    organisation = organisation or OrganisationFactory(ward=coded_ward())
    if priorities:
        grant = application_at(Status.GRANT_ACTIVE, strand=priorities_strand(), organisation=organisation, **fields)
        grant.priorities.add(PriorityFactory(number=4, name="Creating a sustainable borough"))
        return grant
    return application_at(Status.GRANT_ACTIVE, organisation=organisation, **fields)


def a_group_of_each_kind() -> list:
    """A charity, a company, a society, a Scottish charity and an unregistered group, each with a grant."""
    ward = coded_ward()
    kinds = [
        dict(org_type=Organisation.Type.REGISTERED_CHARITY, charity_number="1123456"),
        dict(org_type=Organisation.Type.CIC, company_number="09876543"),
        dict(org_type=Organisation.Type.CBS, society_number="31245R"),
        dict(org_type=Organisation.Type.REGISTERED_CHARITY, charity_number="1098765-1"),
        dict(org_type=Organisation.Type.COMMUNITY_GROUP),
    ]
    grants = []
    for number, kind in enumerate(kinds):
        organisation = OrganisationFactory(ward=ward, **kind)
        grants.append(published_grant(organisation=organisation, priorities=number % 2 == 1))
    return grants


def read_json(run: PublishingRun) -> dict:
    with default_storage.open(run.files["json"], "rb") as handle:
        return json.load(handle)


def read_csv(run: PublishingRun, key: str) -> list[dict]:
    with default_storage.open(run.files[key], "rb") as handle:
        return list(csv.DictReader(io.StringIO(handle.read().decode("utf-8-sig"))))


def xlsx_cells(run: PublishingRun) -> list[str]:
    with default_storage.open(run.files["xlsx"], "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    return [str(c) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]


def every_text(run: PublishingRun) -> str:
    """Everything in every published file, as text."""
    parts = []
    for key in ("json", "csv", "transparency"):
        with default_storage.open(run.files[key], "rb") as handle:
            parts.append(handle.read().decode("utf-8-sig"))
    parts.extend(xlsx_cells(run))
    return "\n".join(parts)


def fake_rows(count: int):
    """Rows as `published_rows()` gives them, made on the fly (no database)."""
    for n in range(count):
        yield {
            "pk": n,
            "reference": f"KBT-ENV-{n:06d}",
            "title": f"Project {n}: planting and litter picks",
            "public_summary": "Planting, litter picks and a lunch club for neighbours " * 3,
            "amount_awarded": Decimal("2500.00"),
            "decided_at": dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC),
            "start_date": dt.date(2026, 7, 1),
            "end_date": dt.date(2027, 6, 30),
            "updated_at": dt.datetime(2026, 6, 2, 10, tzinfo=dt.UTC),
            "status": "grant_active",
            "organisation_id": n,
            "organisation__name": f"Group {n}",
            "organisation__charity_number": "1123456" if n % 2 else "",
            "organisation__company_number": "",
            "organisation__society_number": "",
            "organisation__postcode": "L36 9YU",
            "organisation__postcode_withheld": False,
            "organisation__ward__name": "Roby",
            "organisation__ward__code": "E05000876",
            "strand__code": "ENV",
            "strand__name": "Environmental improvements",
            "strand__slug": "environmental",
            "round_id": 1,
            "round__name": "Round 1",
            "ward__name": "Roby",
            "ward__code": "E05000876",
            "paid": Decimal("1000.00"),
            "priorities": [(4, "Creating a sustainable borough")],
        }
