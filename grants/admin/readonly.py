from django.contrib import admin


class ReadOnlyMixin:
    """For records written only by services (the ledger, status history, assessments, declarations,
    and applications themselves): officers read them in admin and change them nowhere there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
