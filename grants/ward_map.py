"""The map of Knowsley's 21 wards, drawn as SVG on the server from the ONS boundaries (grants/data/wards/),
each ward shaded by what its published grants were awarded, with a legend; each ward links to its page.

Longitude and latitude are projected simply: x is longitude scaled by the cosine of the borough's middle
latitude, y is latitude upside down. Over a borough of 10 km that is as good as any projection."""

import functools
import math
from dataclasses import dataclass
from decimal import Decimal

from .money import pounds
from .wards import BOUNDARY_ATTRIBUTION, ward_boundaries

WIDTH = 600
# No grants, then four shades of blue from light to dark (GOV.UK blue at the darkest).
NO_GRANTS = "#f3f2f1"
SHADES = ("#c6dbef", "#85b3dc", "#3f7fbf", "#12436d")


@functools.cache
def _projected() -> tuple[dict[str, str], float, dict[str, tuple[float, float]]]:
    """({ward code: SVG path data}, the map's height, {ward code: (x, y) of its label point}), once per process."""
    features = ward_boundaries()["features"]

    def polygons(geometry):
        return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]

    points = [pt for f in features for poly in polygons(f["geometry"]) for ring in poly for pt in ring]
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    squash = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (WIDTH - 2) / ((max_lon - min_lon) * squash)
    height = (max_lat - min_lat) * scale + 2

    def xy(lon, lat):
        return round((lon - min_lon) * squash * scale + 1, 1), round((max_lat - lat) * scale + 1, 1)

    paths, centres = {}, {}
    for feature in features:
        code = feature["properties"]["WD13CD"]
        parts, xs, ys = [], [], []
        for poly in polygons(feature["geometry"]):
            for ring in poly:
                coords, last = [], None
                for lon, lat in ring:
                    point = xy(lon, lat)
                    if point != last:  # drop points that round to the one before
                        coords.append(f"{point[0]},{point[1]}")
                        xs.append(point[0])
                        ys.append(point[1])
                    last = point
                parts.append("M" + "L".join(coords) + "Z")
        paths[code] = "".join(parts)
        centres[code] = (round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1))
    return paths, round(height, 1), centres


@dataclass(frozen=True)
class MapWard:
    name: str
    href: str
    path: str
    fill: str
    awarded: Decimal
    label: str  # what a screen reader hears for the ward's link


def _bands(biggest: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Four equal bands from £0 to the largest ward's award, rounded up to a tidy £1,000."""
    top = Decimal(math.ceil(biggest / 1000) * 1000) if biggest > 0 else Decimal(1000)
    step = top / len(SHADES)
    return [(step * i, step * (i + 1)) for i in range(len(SHADES))]


def ward_map(figures, href_for) -> dict:
    """The map's context for grants/register/_ward_map.html. `figures` are selectors.figures.WardFigures;
    `href_for(ward)` is a ward's page. Wards missing from the boundaries are left off the drawing (they
    are still in the table beside it)."""
    paths, height, _ = _projected()
    biggest = max((f.awarded for f in figures), default=Decimal(0))
    bands = _bands(biggest)

    def fill(amount: Decimal) -> str:
        if amount <= 0:
            return NO_GRANTS
        for shade, (_low, high) in zip(SHADES, bands, strict=True):
            if amount <= high:
                return shade
        return SHADES[-1]

    wards = [
        MapWard(
            name=f.ward.name,
            href=href_for(f.ward),
            path=paths[f.ward.code],
            fill=fill(f.awarded),
            awarded=f.awarded,
            label=f"{f.ward.name}: {pounds(f.awarded)} awarded" if f.awarded else f"{f.ward.name}: no grants yet",
        )
        for f in figures
        if f.ward.code in paths
    ]
    legend = [{"fill": NO_GRANTS, "text": "No grants yet"}] + [
        {"fill": shade, "text": f"{pounds(low + 1) if low else '£1'} to {pounds(high)}"}
        for shade, (low, high) in zip(SHADES, bands, strict=True)
    ]
    top = max(figures, key=lambda f: f.awarded, default=None)
    return {
        "wards": wards,
        "width": WIDTH,
        "height": height,
        "legend": legend,
        "legend_rows": [{"y": 8 + i * 26, "text_y": 24 + i * 26, **item} for i, item in enumerate(legend)],
        "legend_height": 8 + len(legend) * 26,
        "attribution": BOUNDARY_ATTRIBUTION,
        "with_grants": sum(1 for f in figures if f.awarded > 0),
        "top": top if top is not None and top.awarded > 0 else None,
    }
