"""The 360Giving schema (1.4.3, copied into schema/), resolved locally: no network is ever needed.

The package schema's `grants.items` points at the 1.4.2 grant schema's URL; the registry answers that URL
(and the 1.4.3 one) with the copied grant schema. The format checker adds the two formats 360Giving's own
checker tests and jsonschema leaves out without extra packages: `date-time` and `uri`."""

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
GRANT_SCHEMA_FILE = SCHEMA_DIR / "360-giving-schema.json"
PACKAGE_SCHEMA_FILE = SCHEMA_DIR / "360-giving-package-schema.json"
GRANT_SCHEMA_URLS = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
)

format_checker = FormatChecker()


@format_checker.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    # RFC 3339: a date, "T", a time and an offset (Python reads "Z" since 3.11).
    parsed = datetime.fromisoformat(value)
    return "T" in value and parsed.tzinfo is not None


@format_checker.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    # The schemas name their dialect with http://, which referencing does not detect by itself.
    grant = DRAFT202012.create_resource(_load(GRANT_SCHEMA_FILE))
    return Registry().with_resources((url, grant) for url in GRANT_SCHEMA_URLS)


@cache
def package_validator() -> Draft202012Validator:
    """Validates a whole package `{"grants": [...], ...}` (small packages: `uniqueItems` is quadratic)."""
    return Draft202012Validator(_load(PACKAGE_SCHEMA_FILE), registry=_registry(), format_checker=format_checker)


@cache
def grant_validator() -> Draft202012Validator:
    """Validates one grant, as the package schema validates each of its items."""
    return Draft202012Validator(_load(GRANT_SCHEMA_FILE), registry=_registry(), format_checker=format_checker)


def grant_problems(grant: dict) -> list[str]:
    """Plain descriptions of what in `grant` breaks the schema; empty when it is valid."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or 'grant'}: {error.message}"
        for error in sorted(grant_validator().iter_errors(grant), key=lambda e: list(e.absolute_path))
    ]
