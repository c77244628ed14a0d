"""The officers' Publishing page: the last run of the open data files (when, its counts, any grant left
out and why), the runs before it, and a button that publishes the files again now."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .models import PublishingRun
from .services import FILES
from .tasks import publish_open_data

RECENT_RUNS = 10


@admin.register(PublishingRun)
class PublishingAdmin(admin.ModelAdmin):
    """One page, no list of rows to edit: runs are written only by grants.open_data.services."""

    def has_add_permission(self, request):
        return False  # "add" permission is the right to start a run, from the page's button

    def may_publish(self, request) -> bool:
        return request.user.has_perm("open_data.add_publishingrun")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.publishing_view), name="open_data_publishingrun_changelist"),
            path("publish/", view(require_POST(self.publish_view)), name="open_data_publishingrun_publish"),
        ]

    def publishing_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        runs = list(PublishingRun.objects.select_related("requested_by").order_by("-started_at", "-id")[:RECENT_RUNS])
        context = {
            **self.admin_site.each_context(request),
            "title": "Publishing the open data",
            "opts": self.model._meta,
            "last": runs[0] if runs else None,
            "runs": runs,
            "running": any(run.status == PublishingRun.Status.RUNNING for run in runs),
            "may_publish": self.may_publish(request),
            "files": [(reverse(f"open_data:{key}"), name) for key, name in FILES.items()],
        }
        return TemplateResponse(request, "admin/open_data/publishing.html", context)

    def publish_view(self, request):
        if not self.may_publish(request):
            raise PermissionDenied
        user_id = request.user.pk
        transaction.on_commit(lambda: publish_open_data.delay(trigger="officer", requested_by_id=user_id))
        self.message_user(
            request,
            "Publishing has started. It takes a minute or two: refresh this page to see the result.",
            messages.SUCCESS,
        )
        return redirect("admin:open_data_publishingrun_changelist")
