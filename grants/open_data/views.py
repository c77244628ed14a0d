"""The public Open data page and the files themselves: no sign-in, no JavaScript. The files are kept in
document storage (private) and streamed from there by these views, from the latest run that succeeded."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from .models import PublishingRun
from .services import FILES
from .threesixty import LICENCE_URL

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "transparency": "text/csv; charset=utf-8",
}


# What each file is, in the order the page lists them.
DESCRIPTIONS = {
    "json": (
        "360Giving data (JSON)",
        "In the 360Giving Data Standard, the way UK funders publish their grants.",
    ),
    "csv": (
        "360Giving data as a spreadsheet (CSV)",
        "The same grants in 360Giving's spreadsheet layout, one row a grant.",
    ),
    "xlsx": (
        "360Giving data as a spreadsheet (Excel)",
        "The same grants in 360Giving's spreadsheet layout, with extra sheets for lists such as each grant's "
        "priorities.",
    ),
    "transparency": (
        "Local Government Transparency Code list of grants (CSV)",
        "The grants to voluntary, community and social enterprise organisations that the Local Government "
        "Transparency Code 2015 asks councils to publish.",
    ),
}


@require_GET
def index(request):
    run = PublishingRun.objects.latest_published()
    files = []
    if run:
        files = [
            {"url": reverse(f"open_data:{key}"), "label": label, "about": about, "size": run.sizes.get(key, 0)}
            for key, (label, about) in DESCRIPTIONS.items()
            if key in run.files
        ]
    return render(request, "open_data/index.html", {"run": run, "files": files, "licence_url": LICENCE_URL})


@require_GET
def download(request, key: str):
    run = PublishingRun.objects.latest_published()
    if run is None or key not in run.files:
        raise Http404("These files have not been published yet.")
    response = FileResponse(
        default_storage.open(run.files[key], "rb"),
        content_type=CONTENT_TYPES[key],
        as_attachment=key != "json",
        filename=FILES[key],
    )
    # Open data: any website or tool may read it (360Giving's among them), and caches may keep it an hour.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    response["Last-Modified"] = http_date(run.finished_at.timestamp())
    return response
