"""The 360Giving spreadsheet layout (CSV and XLSX) of a 360Giving JSON package, made by flattentool, the
standard's own tool: column titles from the schema ("Recipient Org:Identifier"), one row a grant, and a
grant's single organisation, location, programme and dates rolled up into its row; lists with more than
one entry (a grant's priorities) get a sheet of their own in the XLSX.

flattentool streams the JSON (ijson) into an on-disk ZODB store and writes the XLSX in openpyxl's
write-only mode, but its caches still grow with the number of grants (a few hundred MB at 100,000: see
bench/open_data_files.md). So it runs in a child process of its own: whatever it takes is given back to
the system when it ends, and the Celery worker that publishes stays small.

flattentool 0.28 cannot roll up a list inside a rolled-up organisation, so the recipient's own `location`
(its ward) stays in the JSON only; the spreadsheets carry its postcode, and the beneficiary ward."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import flattentool

from .validation import GRANT_SCHEMA_FILE

MAIN_SHEET = "grants"

# Every field the JSON holds (grants.open_data.threesixty), but the recipient's nested location.
FLAT_FIELDS = """
id title description currency amountAwarded amountDisbursed awardDate url locationScope fromOpenCall
dateModified dataSource
recipientOrganization/id recipientOrganization/name recipientOrganization/charityNumber
recipientOrganization/companyNumber recipientOrganization/postalCode
fundingOrganization/id fundingOrganization/name
grantProgramme/code grantProgramme/title grantProgramme/url
beneficiaryLocation/name beneficiaryLocation/geoCode beneficiaryLocation/geoCodeType beneficiaryLocation/countryCode
plannedDates/startDate plannedDates/endDate plannedDates/duration
classifications/vocabulary classifications/code classifications/title
""".split()


PROJECT_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 3 * 3600


def flatten_package(json_path: Path, out_dir: Path) -> dict[str, Path]:
    """Write `csv/grants.csv` (the main sheet: one row a grant) and `grants.xlsx` (every sheet) into
    `out_dir`, in a child process; returns {"csv": path, "xlsx": path}. Raises RuntimeError with
    flattentool's last words when it fails."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and temporary paths, no shell)
        [sys.executable, "-m", "grants.open_data.flat", str(json_path), str(out_dir)],
        cwd=PROJECT_ROOT,
        # flattentool's ZODB store goes in tempfile's folder: the run's own, deleted with it even when
        # flattentool fails before it tidies up.
        env={**os.environ, "TMPDIR": str(out_dir)},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"flattentool could not make the spreadsheets: {last}")
    return {"csv": out_dir / "csv" / f"{MAIN_SHEET}.csv", "xlsx": out_dir / "grants.xlsx"}


def _flatten_here(json_path: Path, out_dir: Path) -> None:
    fields = out_dir / "flat-fields.txt"
    fields.write_text("\n".join(FLAT_FIELDS) + "\n")
    options = dict(
        schema=str(GRANT_SCHEMA_FILE),
        main_sheet_name=MAIN_SHEET,
        root_list_path="grants",
        root_id="",
        rollup=True,
        use_titles=True,
        preserve_fields=str(fields),
        remove_empty_schema_columns=True,
    )
    csv_dir, xlsx = out_dir / "csv", out_dir / "grants.xlsx"
    with warnings.catch_warnings():
        # flattentool warns about each schema field with no title, and about each list with more than one
        # entry that it cannot roll up (it says so in the cell and gives the list a sheet of its own).
        warnings.simplefilter("ignore")
        flattentool.flatten(str(json_path), output_name=str(csv_dir), output_format="csv", **options)
        flattentool.flatten(str(json_path), output_name=str(xlsx), output_format="xlsx", **options)


if __name__ == "__main__":
    _flatten_here(Path(sys.argv[1]), Path(sys.argv[2]))
