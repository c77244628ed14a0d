"""The public register of awarded grants, a grant's page, a ward's page, the ward map and the charts
(issue 15). No sign-in, no JavaScript; each page does a fixed number of queries whatever the data size.
Nothing here reads contact people, emails, bank details or a withheld postcode."""

import hashlib

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from kbt.snapshot_cache import cached

from ..charts import bar_chart
from ..forms.register import RegisterFilterForm
from ..lazy import lazily
from ..models import Ward
from ..photos import without_metadata
from ..selectors.figures import fund_charts, ward_figures
from ..selectors.public_outcomes import public_outcomes, public_photos
from ..selectors.published import published_grants
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
    """Every published grant, filtered, searched and paginated, with the totals for the filter. The
    list and totals are worked out only when the page's cached parts need them (public_cache)."""
    form = RegisterFilterForm(request.GET or None)

    def figures():
        grants = register_grants(form.filters())
        totals = register_totals(grants)
        page = _page(request, grants, totals)
        return {"page": page, "grants": page.object_list, "totals": totals}

    return render(
        request,
        "grants/register/register.html",
        {
            "form": form,
            "has_errors": form.is_bound and bool(form.errors),
            **lazily(figures, ("page", "grants", "totals")),
            "filter_query": _query_without_page(request),
            "nav_current": "grants",
        },
    )


def grant_outcomes(grant):
    """What the group achieved and agreed to publish (outcomes, photos, story), from accepted reports;
    None until a report is accepted, and the page then says nothing about outcomes."""
    return public_outcomes(grant)


def grant_photo(request, reference, photo_pk):
    """A photo the group agreed to publish, of a published grant, passed by the virus scanner; any
    other number answers 404. It is sent re-encoded without its metadata (a phone's photo can carry
    where it was taken and by whom)."""
    grant = published_grants().filter(reference=reference).values("pk").first()
    evidence = public_photos(grant["pk"]).select_related("document").filter(pk=photo_pk).first() if grant else None
    if evidence is None:
        raise Http404("No published photo has this number.")
    try:
        body, content_type = without_metadata(evidence.document.file)
    except (OSError, ValueError) as error:  # a file the image library cannot read is not shown
        raise Http404("This photo cannot be shown.") from error
    response = HttpResponse(body, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def grant(request, reference):
    # Which grant this is (or none: 404) kept under the database's snapshot like the page's content.
    key = hashlib.blake2b(reference.encode(), digest_size=12).hexdigest()
    grant = cached(f"grant-for-page:{key}", lambda: grant_for_page(reference) or False)
    if not grant:
        raise Http404("No published grant has this reference.")

    def figures():
        deals = list(grant.deals.filter(published=True).only("title", "slug").order_by("title"))
        return {"deals": deals, "outcomes": grant_outcomes(grant)}

    return render(
        request,
        "grants/register/grant.html",
        {"grant": grant, **lazily(figures, ("deals", "outcomes")), "nav_current": "grants"},
    )


def ward(request, slug):
    ward = get_object_or_404(Ward, slug=slug)

    def figures():
        summary = ward_summary(ward)
        page = _page(request, register_grants(RegisterFilters(ward=ward)), summary.totals)
        return {"summary": summary, "page": page, "grants": page.object_list}

    return render(
        request,
        "grants/register/ward.html",
        {"ward": ward, **lazily(figures, ("summary", "page", "grants")), "nav_current": "grants"},
    )


def _ward_href(ward) -> str:
    return reverse("grants:ward", args=[ward.slug])


def ward_map_page(request):
    def figures():
        figures = ward_figures()
        return {"map": ward_map(figures, _ward_href), "figures": figures}

    return render(request, "grants/register/map.html", {**lazily(figures, ("map", "figures")), "nav_current": "grants"})


def charts(request):
    def figures():
        return {"charts": [bar_chart(table) for table in fund_charts()]}

    return render(request, "grants/register/charts.html", {**lazily(figures, ("charts",)), "nav_current": "grants"})
