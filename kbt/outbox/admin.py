"""The officers' site for emails: every email the portal has written, what became of it, and a way to
send a failed one again."""

from django.contrib import admin, messages

from .models import OutboxEmail
from .services import email_send_again


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Read-only: rows are written and updated by kbt.outbox.services. "Send again" needs the change
    permission, which officers have only for it."""

    list_display = ("created_at", "recipient", "kind", "reference", "subject", "status", "attempts", "sent_at", "error")
    list_filter = ("status", "kind")
    search_fields = ("recipient", "reference", "subject", "last_error")
    date_hierarchy = "created_at"
    fields = (
        "recipient",
        "kind",
        "reference",
        "about_type",
        "about_id",
        "subject",
        "body_text",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "key",
    )
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The change permission opens only "Send again": saving a row's page could write back a status
        # read before its delivery, and send it twice.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="last error")
    def error(self, obj):
        return obj.last_error[:80]

    @admin.action(description="Send the selected failed emails again", permissions=["change"])
    def send_again(self, request, queryset):
        count = sum(email_send_again(email=email) for email in queryset)
        self.message_user(
            request,
            f"{count} failed email{'s' if count != 1 else ''} will be sent again. "
            "Emails that had not failed were left alone.",
            messages.SUCCESS,
        )
