"""The files, written a grant at a time to an open binary file: memory stays flat however many grants.

- `PackageWriter`: the 360Giving JSON package, its metadata first, then `"grants": [...]`.
- `TransparencyWriter`: the Local Government Transparency Code 2015 list of grants to voluntary,
  community and social enterprise organisations (paragraph 36's fields, then a few that help readers)."""

import codecs
import csv
import json
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone

from .identifiers import FUNDER_ID, FUNDER_NAME, charity_registration
from .threesixty import grant_page_url, grant_programme


class PackageWriter:
    """The 360Giving JSON package: `add(grant)` for each grant, then `close()`. Its metadata comes first,
    so nothing but the grant being written is ever held."""

    def __init__(self, out: BinaryIO, metadata: dict):
        self.out, self.count = out, 0
        head = json.dumps(metadata, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
        out.write(f'{head},\n "grants": [\n'.encode())

    def add(self, grant: dict) -> None:
        self.out.write(b",\n" if self.count else b"")
        self.out.write(json.dumps(grant, ensure_ascii=False, separators=(",", ":")).encode())
        self.count += 1

    def close(self) -> None:
        self.out.write(b"\n ]\n}\n")


TRANSPARENCY_HEADERS = [
    # Paragraph 36 of the Code, a to g.
    "Date awarded",
    "Start date",
    "End date",
    "Time period (months)",
    "Department",
    "Beneficiary",
    "Beneficiary registration number",
    "Purpose of the grant",
    "Amount awarded (GBP)",
    # More that helps readers join this list to others.
    "Amount paid so far (GBP)",
    "Grant reference",
    "Beneficiary organisation identifier",
    "Awarding organisation",
    "Awarding organisation identifier",
    "Grant programme",
    "Ward",
    "Ward code",
    "Grant web page",
]

# What a spreadsheet may read as the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    value = " ".join((value or "").split())
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def registration_number(row: dict) -> str:
    _, charity = charity_registration(row["organisation__charity_number"])
    numbers = [
        f"Charity {charity}" if charity else "",
        f"Company {row['organisation__company_number']}" if row["organisation__company_number"] else "",
        f"Society {row['organisation__society_number']}" if row["organisation__society_number"] else "",
    ]
    return "; ".join(n for n in numbers if n) or "Not registered"


def transparency_row(row: dict, grant: dict) -> list:
    planned = grant.get("plannedDates", [{}])[0]
    return [
        timezone.localtime(row["decided_at"]).date().isoformat(),
        row["start_date"].isoformat() if row["start_date"] else "",
        row["end_date"].isoformat() if row["end_date"] else "",
        planned.get("duration", ""),
        settings.OPEN_DATA_DEPARTMENT,
        _text(row["organisation__name"]),
        registration_number(row),
        _text(grant["description"]),
        f"{row['amount_awarded']:.2f}",
        f"{row['paid']:.2f}",
        row["reference"],
        grant["recipientOrganization"][0]["id"],
        FUNDER_NAME,
        FUNDER_ID,
        grant_programme(row)["title"],
        row["ward__name"] or "",
        row["ward__code"] or "",
        grant_page_url(row["reference"]),
    ]


class TransparencyWriter:
    """The Code's CSV (UTF-8 with a byte order mark, so spreadsheets read the £ and accents): `add(row,
    grant)` for each grant."""

    def __init__(self, out: BinaryIO):
        text = codecs.getwriter("utf-8")(out)
        text.write("\ufeff")
        self.writer = csv.writer(text, lineterminator="\r\n")
        self.writer.writerow(TRANSPARENCY_HEADERS)
        self.count = 0

    def add(self, row: dict, grant: dict) -> None:
        self.writer.writerow(transparency_row(row, grant))
        self.count += 1
