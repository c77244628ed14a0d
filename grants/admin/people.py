"""Who holds which power: councillors and their wards, organisations and their members. Every change of
a role is audited (kbt.audit.role_changes) and needs a recent sign-in."""

from django.contrib import admin

from kbt.accounts.reauth import RecentAuthAdminMixin, RecentAuthForInlinesMixin
from kbt.admin_widgets import SafeAutocompleteMixin
from kbt.audit.role_changes import RoleChangesAudited, names, record_role_change

from ..models import Councillor, Membership, Organisation


@admin.register(Councillor)
class CouncillorAdmin(RecentAuthAdminMixin, RoleChangesAudited, SafeAutocompleteMixin, admin.ModelAdmin):
    """Who is a councillor of which wards: changed only by administrators, every change audited."""

    list_display = ("__str__", "email", "ward_names")
    list_filter = ("wards",)
    search_fields = ("user__full_name", "user__email", "wards__name")
    autocomplete_fields = ("user",)
    filter_horizontal = ("wards",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("wards")

    @admin.display(description="email", ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description="wards")
    def ward_names(self, obj):
        return ", ".join(ward.name for ward in obj.wards.all())

    def role_state(self, obj):
        return {"person": obj.user.email, "wards": names(obj.wards.all())}

    def role_subject(self, obj):
        return obj.user


def membership_state(membership) -> dict[str, str]:
    return {
        "person": membership.user.email,
        "organisation": membership.organisation.name,
        "role": membership.get_role_display(),
    }


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Membership
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(RecentAuthForInlinesMixin, admin.ModelAdmin):
    list_display = ("name", "org_type", "postcode", "ward", "annual_income")
    list_filter = ("org_type", "ward")
    search_fields = ("name", "postcode", "charity_number", "company_number")
    list_select_related = ("ward",)
    inlines = [MembershipInline]
    # Changed on an application's Publication page, through the audited service (issue 15).
    readonly_fields = ("postcode_withheld", "postcode_withheld_reason")

    def save_formset(self, request, form, formset, change):
        """Members added, changed or removed here are role changes: each is audited. (Only
        administrators may change the members; officers see them read-only.)"""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        before = {
            f.instance.pk: membership_state(
                Membership.objects.select_related("user", "organisation").get(pk=f.instance.pk)
            )
            for f in formset.initial_forms
            if f.instance.pk and (f.has_changed() or f in formset.deleted_forms)
        }
        removed = [(f.instance, before[f.instance.pk]) for f in formset.deleted_forms if f.instance.pk in before]
        super().save_formset(request, form, formset, change)
        for membership, state in removed:
            record_role_change(
                actor=request.user, target=form.instance, before=state, after=None, subject_user=membership.user
            )
        for membership in formset.new_objects:
            record_role_change(
                actor=request.user,
                target=membership,
                before=None,
                after=membership_state(membership),
                subject_user=membership.user,
            )
        for membership, _fields in formset.changed_objects:
            record_role_change(
                actor=request.user,
                target=membership,
                before=before.get(membership.pk),
                after=membership_state(membership),
                subject_user=membership.user,
            )


@admin.register(Membership)
class MembershipAdmin(RecentAuthAdminMixin, RoleChangesAudited, SafeAutocompleteMixin, admin.ModelAdmin):
    """Who belongs to which organisation, as staff see it: changed only by administrators, audited.
    Applicants manage their own group's members on the public site (grants.services.organisations)."""

    list_display = ("user", "organisation", "role", "joined_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")

    def role_state(self, obj):
        return membership_state(obj)

    def role_subject(self, obj):
        return obj.user
