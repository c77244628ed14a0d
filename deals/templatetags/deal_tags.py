from django import template
from django.utils.html import format_html

from deals.models import Commitment, Deal

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
