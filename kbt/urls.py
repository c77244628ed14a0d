from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kbt.health import health

admin.site.site_header = "Knowsley Better Together: officers"
admin.site.site_title = "Knowsley Better Together officers"
admin.site.index_title = "Social sector fund"

handler403 = "kbt.errors.permission_denied"
handler404 = "kbt.errors.page_not_found"
handler500 = "kbt.errors.server_error"

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("deals/", include("deals.urls")),
    path("open-data/", include("grants.open_data.urls")),
    path("", include("kbt.privacy.urls")),
    path("accounts/two-factor/passkeys/", include("kbt.accounts.passkeys")),
    path("accounts/", include("kbt.accounts.urls")),
    path("", include("kbt.pages.urls")),
    path("", include("grants.urls")),
]

if settings.BENCH_FLOOR:  # the benchmark's one-query page (bench/pages.py); off unless BENCH_FLOOR is set
    urlpatterns = [path("", include("kbt.bench_floor")), *urlpatterns]
