"""Knowsley's wards as published: their official ONS (GSS) codes and boundaries (grants/data/wards/,
copied from ../shared/wards/ with its README, whose attribution must go wherever the boundaries do)."""

import csv
import functools
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "wards"
# The fund's wards are the 21 in force from 2004 to 2016 (E05000865 to E05000885).
FUND_WARDS_VALID_TO = "2016-05-05"
BOUNDARY_ATTRIBUTION = (
    "Contains Ordnance Survey, Office for National Statistics, National Records Scotland and LPS Intellectual "
    "Property data © Crown copyright and database right 2016. Data licensed under the Open Government Licence "
    "v3.0. Ordnance Survey data covered by OS OpenData Licence."
)


@functools.cache
def ward_codes() -> dict[str, str]:
    """{ward name: GSS code} for the fund's 21 wards."""
    with open(DATA / "knowsley-wards.csv", newline="", encoding="utf-8") as handle:
        return {row["name"]: row["code"] for row in csv.DictReader(handle) if row["valid_to"] == FUND_WARDS_VALID_TO}


@functools.cache
def ward_boundaries() -> dict:
    """The GeoJSON FeatureCollection of the 21 wards (WD13CD the code, WD13NM the name), lon/lat."""
    with open(DATA / "knowsley-wards-2015.geojson", encoding="utf-8") as handle:
        return json.load(handle)
