"""The officers' site for reminders: the timings they edit, and every reminder claimed, sent or failed."""

from django import forms
from django.contrib import admin, messages

from grants.models import ReminderRule, SentReminder

from .registry import registry
from .services import reminder_retry


class ReminderRuleRowForm(forms.ModelForm):
    """One row of the editable list. Its inputs have no <label> (the column heading is not one), so each is
    named for screen readers by its column and its row: "Days: Applicants: a draft not sent…: 7 days"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "days", "meaning", "send_from", "weekday", "enabled")
    list_editable = ("days", "send_from", "weekday", "enabled")
    list_filter = ("kind", "enabled")
    search_fields = ("kind",)

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ReminderRuleRowForm, **kwargs)

    @admin.display(description="days are")
    def meaning(self, obj):
        kind = registry.get(obj.kind)
        return kind.days_mean if kind else ""


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("kind", "about", "recipient", "due_date", "status", "attempts", "sent_at", "short_error")
    list_filter = ("status", "kind", "due_date")
    search_fields = ("recipient", "last_error")
    date_hierarchy = "due_date"
    list_select_related = ("object_type",)
    fields = (
        "kind",
        "object_type",
        "object_id",
        "recipient",
        "due_date",
        "status",
        "attempts",
        "last_error",
        "next_try_at",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields
    actions = ["try_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # One query per kind of object, not one per row.
        return super().get_queryset(request).prefetch_related("subject")

    @admin.display(description="about")
    def about(self, obj):
        return str(obj.subject) if obj.subject is not None else f"{obj.object_type.name} {obj.object_id} (deleted)"

    @admin.display(description="last error")
    def short_error(self, obj):
        return obj.last_error[:80]

    @admin.action(description="Try the selected failed reminders again", permissions=["change"])
    def try_again(self, request, queryset):
        count = sum(reminder_retry(reminder=reminder) for reminder in queryset)
        self.message_user(
            request,
            f"{count} failed reminder{'s' if count != 1 else ''} will be sent at the next sweep (within 15 minutes). "
            "Reminders that were not failed were left alone.",
            messages.SUCCESS,
        )
