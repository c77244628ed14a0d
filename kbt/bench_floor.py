"""The benchmark's floor: a page that renders the base template and runs one trivial query.

bench/pages.py measures every page against it, side by side in one run, so the figures say what a
page costs beyond what any page costs (the middleware, the session, the template, one round trip to
the database). It is served only when the BENCH_FLOOR setting is on (an environment variable, off by
default): production never has it."""

from django.db import connection
from django.shortcuts import render
from django.urls import path


def floor(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return render(request, "base.html", {})


urlpatterns = [path("bench/floor/", floor, name="bench_floor")]
