"""The public register of awarded grants, a grant's page, a ward's page, the ward map and the charts
(issue 15). No sign-in, no JavaScript; each page does a fixed number of queries whatever the data size.
Nothing here reads contact people, emails, bank details or a withheld postcode."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..charts import bar_chart
from ..forms.register import RegisterFilterForm
from ..models import Ward
from ..selectors.figures import fund_charts, ward_figures
from ..selectors.register import (
    RegisterFilters,
    grant_for_page,
    register_grants,
    register_page,
    register_totals,
    ward_summary,
)
from ..ward_map import ward_map

GRANTS_PER_PAGE = 20


def _page(request, grants, totals):
    return register_page(grants, number=request.GET.get("page"), per_page=GRANTS_PER_PAGE, count=totals.count)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def register(request):
    """Every published grant, filtered, searched and paginated, with the totals for the filter."""
    form = RegisterFilterForm(request.GET or None)
    grants = register_grants(form.filters())
    totals = register_totals(grants)
    page = _page(request, grants, totals)
    return render(
        request,
        "grants/register/register.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            "page": page,
            "grants": page.object_list,
            "totals": totals,
            "filter_query": _query_without_page(request),
            "nav_current": "grants",
        },
    )


def grant_outcomes(grant):
    """What the group achieved and agreed to publish (outcomes, photos, stories): the reports work (issue
    14) provides `outcomes_for(applications)`, and the lead wires it here at the merge. None until then,
    and the page says nothing about outcomes."""
    return None


def grant(request, reference):
    grant = grant_for_page(reference)
    if grant is None:
        raise Http404("No published grant has this reference.")
    deals = list(grant.deals.filter(published=True).only("title", "slug").order_by("title"))
    return render(
        request,
        "grants/register/grant.html",
        {"grant": grant, "deals": deals, "outcomes": grant_outcomes(grant), "nav_current": "grants"},
    )


def ward(request, slug):
    ward = get_object_or_404(Ward, slug=slug)
    summary = ward_summary(ward)
    grants = register_grants(RegisterFilters(ward=ward))
    page = _page(request, grants, summary.totals)
    return render(
        request,
        "grants/register/ward.html",
        {"ward": ward, "summary": summary, "page": page, "grants": page.object_list, "nav_current": "grants"},
    )


def _ward_href(ward) -> str:
    return reverse("grants:ward", args=[ward.slug])


def ward_map_page(request):
    figures = ward_figures()
    return render(
        request,
        "grants/register/map.html",
        {"map": ward_map(figures, _ward_href), "figures": figures, "nav_current": "grants"},
    )


def charts(request):
    charts = [bar_chart(table) for table in fund_charts()]
    return render(request, "grants/register/charts.html", {"charts": charts, "nav_current": "grants"})
