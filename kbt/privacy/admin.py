"""The officers' site: what the retention job did, the equality report (totals only), and a person's
data export for those allowed to make one."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .models import EqualityResponse, PersonRecord, RetentionRun
from .selectors import equality_totals
from .views import export_response


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnly):
    """Counts per run: nothing here says whose data went."""

    list_display = (
        "started_at",
        "drafts_warned",
        "drafts_deleted",
        "closed_applications_cleared",
        "grants_cleared",
        "accounts_warned",
        "accounts_deleted",
        "accounts_kept",
        "files_deleted",
    )
    date_hierarchy = "started_at"


@admin.register(EqualityResponse)
class EqualityReportAdmin(ReadOnly):
    """Only the totals report: no list of answers and no page per answer, so nobody in the officers' site
    can read one group's answers."""

    def get_urls(self):
        return [
            path("", self.admin_site.admin_view(self.report_view), name="privacy_equalityresponse_changelist"),
        ]

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Equality monitoring: totals",
            "opts": self.model._meta,
            "tables": equality_totals(),
            "responses": EqualityResponse.objects.count(),
        }
        return TemplateResponse(request, "admin/privacy/equality_report.html", context)


@admin.register(PersonRecord)
class PersonRecordAdmin(ReadOnly):
    """Find a person and download everything the portal holds about them. Each download is logged."""

    list_display = ("email", "full_name", "date_joined", "last_login", "export_link")
    search_fields = ("email", "full_name")
    fields = ("email", "full_name", "date_joined", "last_login")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("privacy.export_personrecord")

    @admin.display(description="Their data")
    def export_link(self, obj):
        return format_html(
            '<a href="{}">Download their data</a>', reverse("admin:privacy_personrecord_export", args=[obj.pk])
        )

    def get_urls(self):
        return [
            path("<int:pk>/export/", self.admin_site.admin_view(self.export_view), name="privacy_personrecord_export"),
        ] + super().get_urls()

    def export_view(self, request, pk):
        if not request.user.has_perm("privacy.export_personrecord"):
            raise PermissionDenied
        person = get_object_or_404(PersonRecord, pk=pk)
        return export_response(user=person, requested_by=request.user)
