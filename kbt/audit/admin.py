from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are written by kbt.audit.services and never changed or deleted here.
    Only people given view_auditentry (the Administrators group) see it."""

    list_display = ("at", "actor", "action", "target_type", "target_label", "subject_user")
    list_filter = ("action", "target_type")
    search_fields = ("target_label", "detail", "actor__email", "subject_user__email")
    date_hierarchy = "at"
    list_select_related = ("actor", "subject_user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
