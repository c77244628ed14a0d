from django.shortcuts import render

from ..selectors import strand_summaries


def home(request):
    return render(request, "grants/home.html", {"strands": strand_summaries()})
