"""Identifiers in the 360Giving data: our grants under the council's 360G- prefix, and recipient
organisations in the org-id.guide scheme (https://org-id.guide), so their grants from other funders line up.

Neither ever works as a login: a grant is named by its public reference, an unregistered group by its row
number, which answers nothing by itself."""

import re

from django.conf import settings

FUNDER_ID = "GB-LAE-KWL"
FUNDER_NAME = "Knowsley Metropolitan Borough Council"
KNOWSLEY_DISTRICT_CODE = "E08000011"  # geoCodeType MD: the metropolitan district

_SPLIT = re.compile(r"[\s/]+")


def prefix() -> str:
    """The council's 360Giving prefix (assigned by 360Giving): the OPEN_DATA_360G_PREFIX setting."""
    return settings.OPEN_DATA_360G_PREFIX.rstrip("-")


def grant_id(reference: str) -> str:
    """`360G-knowsley-KBT-ENV-00042`: the prefix and the grant's public reference (no slashes or spaces)."""
    return f"{prefix()}-{_SPLIT.sub('-', reference.strip())}"


def charity_registration(charity_number: str) -> tuple[str, str] | tuple[None, None]:
    """The org-id list and the number to publish for a charity number, or (None, None).

    England and Wales numbers are 6 or 7 digits (a linked charity's "-1" names the main charity's
    register entry, so it is left off); Scotland's start SC (OSCR); Northern Ireland's NIC or NI."""
    number = (charity_number or "").strip().upper().replace(" ", "")
    if not number:
        return None, None
    if number.startswith("SC"):
        return "GB-SC", number
    if number.startswith("NI"):
        digits = number.removeprefix("NIC").removeprefix("NI")
        return "GB-NIC", digits
    return "GB-CHC", number.split("-")[0]


def recipient_org_id(*, pk: int, charity_number: str, company_number: str, society_number: str) -> str:
    """The best identifier we have: charity (GB-CHC, GB-SC, GB-NIC), then company (GB-COH), then
    community benefit society (GB-MPR); a group with none gets `360G-<prefix>-org-<our id>`."""
    scheme, number = charity_registration(charity_number)
    if scheme:
        return f"{scheme}-{number}"
    company = (company_number or "").strip().upper()
    if company:
        return f"GB-COH-{company}"
    society = (society_number or "").strip().upper()
    if society:
        return f"GB-MPR-{society}"
    return f"{prefix()}-org-{pk}"
