"""The public's deal pages: the list of published deals, a deal's page and its printable version.
Officers keep deals in the officers' site (deals/admin/)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from .figures import cached_page, list_figures
from .forms import DealFilterForm
from .selectors import (
    deal_grant_outcomes,
    deal_progress_counts,
    deal_sections,
    published_deal_for_page,
    published_deals,
)

DEALS_PER_PAGE = 20


# The list's content depends only on these; an address with anything else is worked out afresh.
LIST_PARAMETERS = {"priority", "principle", "ward", "page"}


def deal_list(request):
    today = timezone.localdate()
    if set(request.GET) <= LIST_PARAMETERS and all(len(values) == 1 for _, values in request.GET.lists()):
        page = cached_page("list", (today, sorted(request.GET.items())), lambda: _deal_list_page(request, today))
    else:
        page = _deal_list_page(request, today)
    return render(request, "deals/deal_list.html", page)


def _deal_list_page(request, today) -> dict:
    """The list's title and content, rendered (no CSRF token, nonce or user in them: they are cached)."""
    form = DealFilterForm(request.GET or None)
    deals = published_deals(today=today, **form.filters())
    page = Paginator(deals, DEALS_PER_PAGE).get_page(request.GET.get("page"))
    page_deals = list(page.object_list)
    businesses, rollups = list_figures()
    for deal in page_deals:
        deal.counts = deal_progress_counts(deal, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
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
    }
    title = "Deals" + (f" (page {page.number} of {page.paginator.num_pages})" if page.number > 1 else "")
    return {
        "title": title,
        "has_errors": bool(form.errors),
        "content": render_to_string("deals/_deal_list_content.html", context),
    }


def _deal_context(request, slug) -> dict:
    deal = published_deal_for_page(slug).first()
    if deal is None:
        raise Http404("No published deal has this address.")
    today = timezone.localdate()
    return {
        "deal": deal,
        "sections": deal_sections(deal, today=today),
        "today": today,
        "deal_url": request.build_absolute_uri(deal.get_absolute_url()),
        "grant_outcomes": deal_grant_outcomes(deal),
    }


def deal_detail(request, slug):
    def build():
        context = _deal_context(request, slug)
        return {
            "title": context["deal"].title,
            "content": render_to_string("deals/_deal_detail_content.html", context),
        }

    today = timezone.localdate()
    page = cached_page("detail", (today, slug, request.build_absolute_uri("/")), build, grants=True)
    return render(request, "deals/deal_detail.html", page)


def deal_print(request, slug):
    return render(request, "deals/deal_print.html", _deal_context(request, slug))
