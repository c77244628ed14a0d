from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html

from .models import User
from .reauth import RecentAuthAdminMixin
from .two_factor import has_second_factor, is_administrator

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(RecentAuthAdminMixin, BaseGroupAdmin):
    """Changing a group's permissions changes everyone's role in it: confirm first."""


@admin.register(User)
class UserAdmin(RecentAuthAdminMixin, BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "email_verified", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "email_verified", "groups")
    search_fields = ("email", "full_name")
    readonly_fields = ("last_login", "date_joined", "two_factor")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name", "email_verified")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
        ("Two-factor sign-in", {"fields": ("two_factor",)}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)

    def get_form(self, request, obj=None, **kwargs):
        self._request = request
        return super().get_form(request, obj, **kwargs)

    @admin.display(description="Two-factor sign-in")
    def two_factor(self, obj):
        state = "Set up" if obj.pk and has_second_factor(obj) else "Not set up"
        request = getattr(self, "_request", None)
        if obj.pk and request is not None and is_administrator(request.user):
            link = reverse("accounts:two_factor_reset", args=[obj.pk])
            return format_html('{} (<a href="{}">reset two-factor sign-in</a>)', state, link)
        return state
