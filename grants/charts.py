"""SVG bar charts drawn on the server (issue 15): no JavaScript, no colour needed to read them. Every bar
is labelled with its series and its amount in words ("Paid £2,500"), the series differ in pattern as well
as colour, and each chart has a title and a description; the pages put a table of the same figures beside
it. `bar_chart(table)` turns a selectors.figures.Table into what templates/grants/register/_chart.html draws."""

from dataclasses import dataclass
from decimal import Decimal

from .money import pounds

WIDTH = 640
BAR_MAX = 400
BAR_HEIGHT = 18
BAR_GAP = 4
LABEL_HEIGHT = 22
ROW_GAP = 14
# GOV.UK colours; the second series is hatched and the third dotted, so print in black and white reads too.
SERIES_STYLES = (
    {"fill": "#1d70b8", "pattern": ""},
    {"fill": "#00703c", "pattern": "hatch"},
    {"fill": "#505a5f", "pattern": "dots"},
)


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    text_x: float
    text_y: int
    text: str
    fill: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


def _fill(key: str, index: int) -> str:
    style = SERIES_STYLES[index % len(SERIES_STYLES)]
    return f"url(#{key}-{style['pattern']})" if style["pattern"] else style["fill"]


def bar_chart(table, *, id_prefix: str = "chart") -> dict:
    """The geometry of `table` (selectors.figures.Table) as a grouped horizontal bar chart: a context for
    grants/register/_chart.html. Bars are scaled to the largest amount; a zero shows as a hairline."""
    key = f"{id_prefix}-{table.key}"
    biggest = max((value for row in table.rows for value in row.values), default=Decimal(0))
    rows, y = [], 0
    for row in table.rows:
        label_y = y + 16
        y += LABEL_HEIGHT
        bars = []
        for index, (name, value) in enumerate(zip(table.series, row.values, strict=True)):
            width = float(value / biggest * BAR_MAX) if biggest > 0 and value > 0 else 0.0
            width = round(max(width, 1.0), 1)
            bars.append(
                Bar(
                    y=y,
                    width=width,
                    text_x=round(width + 6, 1),
                    text_y=y + BAR_HEIGHT - 4,
                    text=f"{name} {pounds(value)}",
                    fill=_fill(key, index),
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        rows.append(ChartRow(label=row.label, label_y=label_y, bars=tuple(bars)))
        y += ROW_GAP
    legend_y = y + 4
    legend = [
        {"x": 0 + i * 160, "y": legend_y, "text_x": 22 + i * 160, "text_y": legend_y + 12, "name": name,
         "fill": _fill(key, i)}
        for i, name in enumerate(table.series)
    ]  # fmt: skip
    return {
        "key": key,
        "table": table,
        "rows": rows,
        "legend": legend,
        "width": WIDTH,
        "height": legend_y + 24,
        "bar_height": BAR_HEIGHT,
        "patterns": {"hatch": f"{key}-hatch", "dots": f"{key}-dots"},
        "colours": [style["fill"] for style in SERIES_STYLES],
    }
