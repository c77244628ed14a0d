"""The public's deal pages: the list of published deals, a deal's page and its printable version.
Officers keep deals in the officers' site (deals/admin/)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .figures import list_figures
from .forms import DealFilterForm
from .selectors import (
    deal_grant_outcomes,
    deal_progress_counts,
    deal_sections,
    published_deal_for_page,
    published_deals,
)

DEALS_PER_PAGE = 20


def deal_list(request):
    form = DealFilterForm(request.GET or None)
    today = timezone.localdate()
    deals = published_deals(today=today, **form.filters())
    page = Paginator(deals, DEALS_PER_PAGE).get_page(request.GET.get("page"))
    page_deals = list(page.object_list)
    businesses, rollups = list_figures()
    for deal in page_deals:
        deal.counts = deal_progress_counts(deal, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "deals/deal_list.html",
        {
            "form": form,
            "page": page,
            "deals": page_deals,
            "filter_query": query.urlencode(),
            "today": today,
            "businesses": businesses,
            "business_groups": [
                ("ward", "ward", businesses.by_ward),
                ("priority", "council priority", businesses.by_priority),
            ],
            "rollups": rollups,
        },
    )


def _deal_page(request, slug, template):
    deal = published_deal_for_page(slug).first()
    if deal is None:
        raise Http404("No published deal has this address.")
    today = timezone.localdate()
    context = {
        "deal": deal,
        "sections": deal_sections(deal, today=today),
        "today": today,
        "deal_url": request.build_absolute_uri(deal.get_absolute_url()),
        "grant_outcomes": deal_grant_outcomes(deal),
    }
    return render(request, template, context)


def deal_detail(request, slug):
    return _deal_page(request, slug, "deals/deal_detail.html")


def deal_print(request, slug):
    return _deal_page(request, slug, "deals/deal_print.html")
