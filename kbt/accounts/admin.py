from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from kbt.audit.role_changes import RoleChangesAudited, names, yes_no

from .models import User


@admin.register(User)
class UserAdmin(RoleChangesAudited, BaseUserAdmin):
    """People. Only administrators may change them (kbt/accounts/roles.py); only a superuser may make
    a superuser or give a person permissions of their own. Every change of access is audited."""

    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "email_verified", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "email_verified", "groups")
    search_fields = ("email", "full_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("full_name", "email_verified")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
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


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(RoleChangesAudited, BaseGroupAdmin):
    """Staff groups. kbt/accounts/roles.py resets the three groups' permissions after every migrate."""

    def role_state(self, obj):
        return {"name": obj.name, "permissions": names(obj.permissions.values_list("codename", flat=True))}
