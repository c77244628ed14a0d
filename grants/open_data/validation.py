"""The 360Giving schema (1.4.3, copied into schema/), resolved locally: no network is ever needed.

The package schema's `grants.items` points at the 1.4.2 grant schema's URL; the registry answers that URL
(and the 1.4.3 one) with the copied grant schema. The format checker adds the two formats 360Giving's own
checker tests and jsonschema leaves out without extra packages: `date-time` and `uri`."""

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema._keywords import enum as _enum_keyword
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


def _inline(node, defs: dict):
    """The schema with each local `{"$ref": "#/$defs/X"}` replaced by X itself (the grant schema's
    definitions do not refer to themselves), so checking a grant resolves nothing: four times faster."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            # Keywords beside the $ref (a title, a description) are annotations: the definition's win.
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            return _inline({**siblings, **defs[ref.removeprefix("#/$defs/")]}, defs)
        return {key: _inline(value, defs) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


_ENUM_SETS: dict[int, frozenset] = {}


def _enum(validator, enums, instance, schema):
    """The `enum` keyword, by set membership for text (the currency and country lists have hundreds of
    codes each); anything else, or a miss, goes to jsonschema's own check and its error message."""
    if isinstance(instance, str):
        allowed = _ENUM_SETS.get(id(enums))
        if allowed is None:
            allowed = _ENUM_SETS[id(enums)] = frozenset(e for e in enums if isinstance(e, str))
        if instance in allowed:
            return
    yield from _enum_keyword(validator, enums, instance, schema)


_FastValidator = validators.extend(Draft202012Validator, {"enum": _enum})


@cache
def grant_validator() -> Draft202012Validator:
    """Validates one grant, as the package schema validates each of its items (the same schema, with its
    local references written out in place; `package_validator` resolves them through the registry)."""
    schema = _load(GRANT_SCHEMA_FILE)
    return _FastValidator(_inline(schema, schema["$defs"]), format_checker=format_checker)


def grant_problems(grant: dict) -> list[str]:
    """Plain descriptions of what in `grant` breaks the schema; empty when it is valid."""
    if grant_validator().is_valid(grant):
        return []
    errors = sorted(grant_validator().iter_errors(grant), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{'/'.join(str(p) for p in e.absolute_path) or 'grant'}: {_short(e.message)}" for e in errors]


def _short(message: str, limit: int = 160) -> str:
    # jsonschema quotes the whole value, and an enum's every choice: the officers' page needs the gist.
    return message if len(message) <= limit else message[: limit - 1] + "…"
