from django import template
from django.utils.html import format_html

from deals.models import Commitment, Deal
from deals.progress import Progress

register = template.Library()

COMMITMENT_COLOURS = {
    Commitment.Status.NOT_STARTED: "grey",
    Commitment.Status.ON_TRACK: "blue",
    Commitment.Status.AT_RISK: "orange",
    Commitment.Status.DONE: "green",
    Commitment.Status.DROPPED: "grey",
}
DEAL_COLOURS = {
    Deal.Status.PROPOSED: "grey",
    Deal.Status.AGREED: "light-blue",
    Deal.Status.ACTIVE: "blue",
    Deal.Status.COMPLETED: "green",
    Deal.Status.LAPSED: "grey",
}


@register.simple_tag
def status_tag(obj):
    """A GOV.UK tag for a deal's or a commitment's status, coloured by what it means."""
    colours = DEAL_COLOURS if isinstance(obj, Deal) else COMMITMENT_COLOURS
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colours.get(obj.status, "grey"), obj.get_status_display()
    )


PROGRESS_COLOURS = {
    Progress.NOT_STARTED: "grey",
    Progress.ON_TRACK: "blue",
    Progress.AT_RISK: "orange",
    Progress.OVERDUE: "red",
    Progress.ACHIEVED: "green",
    Progress.DROPPED: "grey",
}


@register.simple_tag
def progress_tag(progress):
    """A GOV.UK tag for the one status a commitment shows (deals.progress), its words saying it all."""
    progress = Progress(progress)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', PROGRESS_COLOURS[progress], progress.label
    )


@register.inclusion_tag("deals/_bar_chart.html")
def bar_chart(rows, *, title: str, description: str, chart_id: str):
    """A horizontal bar chart in SVG of each row's percent, every bar labelled with its figure in words,
    with a <title> and <desc>; the page puts the same figures in a table beside it."""
    bar_height, gap, label_width, bar_width = 24, 12, 0, 300
    height = max(len(rows), 1) * (bar_height + gap) + 20
    bars = []
    for n, row in enumerate(rows):
        y = n * (bar_height + gap) + 20
        width = min(row.percent, 100) * bar_width / 100
        bars.append({"row": row, "y": y, "text_y": y + 16, "label_y": y - 4, "width": width})
    return {
        "bars": bars,
        "title": title,
        "description": description,
        "chart_id": chart_id,
        "height": height,
        "bar_height": bar_height,
        "bar_width": bar_width,
        "label_width": label_width,
    }
