"""Template tags for the officers' site."""

from django import template

from ..charts import bar_chart
from ..models import BudgetCheck
from ..selectors.budget import budget_panel as budget_panel_figures
from ..selectors.figures import fund_charts

register = template.Library()


@register.inclusion_tag("admin/grants/budget_panel.html", takes_context=True)
def budget_panel(context, figures=None):
    """The budget panel: shown to officers and the decision panel only."""
    user = context["request"].user
    show = user.is_superuser or user.is_officer or user.is_panel_member
    return {"show": show, "strands": (figures if figures is not None else budget_panel_figures()) if show else []}


@register.inclusion_tag("admin/grants/budget_check.html", takes_context=True)
def budget_check_warning(context):
    """The latest budget check, if it found a committed figure that differs from the ledger."""
    user = context["request"].user
    show = user.is_superuser or user.is_officer or user.is_panel_member
    check = BudgetCheck.objects.order_by("-checked_at", "-id").first() if show else None
    return {"budget_check": check if check is not None and not check.ok else None}


@register.inclusion_tag("admin/grants/fund_charts.html", takes_context=True)
def fund_charts_panel(context):
    """The public charts of the fund (issue 15), for officers and the decision panel on the admin index."""
    user = context["request"].user
    show = user.is_superuser or user.is_officer or user.is_panel_member
    return {
        "show": show,
        "charts": [bar_chart(table, id_prefix="admin-chart") for table in fund_charts()] if show else [],
    }
