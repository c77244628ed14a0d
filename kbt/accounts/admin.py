from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kbt.audit.role_changes import RoleChangesAudited, names, yes_no

from .models import User
from .reauth import RecentAuthAdminMixin
from .two_factor import has_second_factor


@admin.register(User)
class UserAdmin(RecentAuthAdminMixin, RoleChangesAudited, BaseUserAdmin):
    """People. Only administrators may change them (kbt/accounts/roles.py); only a superuser may make
    a superuser or give a person permissions of their own. Every change of access is audited, and asks
    for the password and code again first."""

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

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, "is_superuser", "user_permissions")
        return fields

    def role_state(self, obj):
        return {
            "active": yes_no(obj.is_active),
            "staff": yes_no(obj.is_staff),
            "superuser": yes_no(obj.is_superuser),
            "groups": names(obj.groups.all()),
            "own permissions": names(obj.user_permissions.values_list("codename", flat=True)),
        }

    def role_subject(self, obj):
        return obj

    @admin.display(description="Two-factor sign-in")
    def two_factor(self, obj):
        # The reset page itself lets only administrators through (kbt.accounts.two_factor).
        if not obj.pk:
            return "Not set up"
        state = "Set up" if has_second_factor(obj) else "Not set up"
        link = reverse("accounts:two_factor_reset", args=[obj.pk])
        return format_html('{} (<a href="{}">reset two-factor sign-in</a>)', state, link)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(RecentAuthAdminMixin, RoleChangesAudited, BaseGroupAdmin):
    """Staff groups. kbt/accounts/roles.py resets the three groups' permissions after every migrate.
    Changing a group's permissions changes everyone's role in it: confirm first."""

    def role_state(self, obj):
        return {"name": obj.name, "permissions": names(obj.permissions.values_list("codename", flat=True))}


# django-otp's own device pages show anyone with the permission another person's secret key as a QR code,
# which would let them copy that person's second factor. People manage their own devices on their
# account pages; an administrator resets someone's from the user's page (kbt.accounts.two_factor).
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
