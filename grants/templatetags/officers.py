"""Template tags for the officers' site."""

from django import template

from ..charts import bar_chart
from ..models import BudgetCheck
from ..selectors.budget import budget_panel as budget_panel_figures
from ..selectors.figures import fund_charts

register = template.Library()


class SnapshotCacheNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        from kbt.snapshot_cache import cached

        user = context["request"].user
        # What the panels show differs only by whether the person sees the money (see budget_panel).
        sees_money = user.is_superuser or user.is_officer or user.is_panel_member
        return cached(f"{self.name}:{int(sees_money)}", lambda: self.nodelist.render(context))


@register.tag
def snapshot_cache(parser, token):
    """{% snapshot_cache "name" %}…{% endsnapshot_cache %}: the block's HTML, kept under the database's
    snapshot (kbt/snapshot_cache.py), so it is never older than the data it shows. Only for blocks that
    show the same to everyone who sees the money: no forms, no names of who is looking."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("snapshot_cache takes one name")
    nodelist = parser.parse(("endsnapshot_cache",))
    parser.delete_first_token()
    return SnapshotCacheNode(bits[1].strip("\"'"), nodelist)


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


@register.inclusion_tag("admin/grants/reports_panel.html", takes_context=True)
def reports_panel(context):
    """Grants' reports waiting for review and overdue, with the way to the outcomes page."""
    from ..models import Report, ReportState
    from ..models.reports import NOT_SENT

    user = context["request"].user
    if not (user.is_superuser or user.is_officer or user.is_panel_member):
        return {"show": False}
    return {
        "show": True,
        "waiting": Report.objects.filter(state=ReportState.SENT).count(),
        "overdue": Report.objects.filter(state__in=NOT_SENT, overdue_at__isnull=False).count(),
    }


@register.inclusion_tag("admin/grants/fund_charts.html", takes_context=True)
def fund_charts_panel(context):
    """The public charts of the fund (issue 15), for officers and the decision panel on the admin index."""
    user = context["request"].user
    show = user.is_superuser or user.is_officer or user.is_panel_member
    return {
        "show": show,
        "charts": [bar_chart(table, id_prefix="admin-chart") for table in fund_charts()] if show else [],
    }


@register.inclusion_tag("admin/change_list_results.html")
def application_result_list(cl):
    """The applications list's table: Django's headers, with rows written straight out (issue 18)."""
    from ..admin.application_rows import result_list

    return result_list(cl)
