"""The officers' site. Status and money are read-only here: they move only through grants.services."""

from django.contrib import admin

from kbt.accounts.reauth import RecentAuthAdminMixin, RecentAuthForInlinesMixin
from kbt.admin_widgets import SafeAutocompleteMixin
from kbt.audit.role_changes import RoleChangesAudited, names, record_role_change

from .admin_budgets import StrandInline
from .admin_drafts import DraftsHiddenMixin
from .admin_readonly import ReadOnlyMixin
from .models import (
    BudgetLine,
    Councillor,
    CouncillorVote,
    Criterion,
    Document,
    Fund,
    InterestDeclaration,
    LedgerEntry,
    Membership,
    Organisation,
    Priority,
    Round,
    StatusChange,
    Ward,
)


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ("name", "total")
    search_fields = ("name",)
    inlines = [StrandInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("name", "strand", "opens_at", "closes_at")
    list_filter = ("strand",)
    search_fields = ("name", "strand__name")
    list_select_related = ("strand",)


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("number", "name")
    search_fields = ("name",)


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ("name", "ons_code")
    search_fields = ("name", "ons_code")
    prepopulated_fields = {"slug": ("name",)}


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


# The applications list and page, assessments and declarations of interest: the officers' review.
from .review import admin as review_admin  # noqa: E402, F401  (registers its ModelAdmins)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("application", "from_status", "to_status", "actor", "created_at")
    list_filter = ("to_status", "action")
    search_fields = ("application__reference", "actor__email", "reason")
    list_select_related = ("application", "actor")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("created_at", "application", "strand", "ward_pot", "kind", "amount", "created_by")
    list_filter = ("strand", "kind")
    search_fields = ("application__reference", "application__title", "note")
    list_select_related = ("application", "strand", "ward_pot__ward", "created_by")


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "strand", "weight", "order")
    list_filter = ("strand",)
    search_fields = ("name", "description")
    list_select_related = ("strand",)


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


@admin.register(BudgetLine)
class BudgetLineAdmin(DraftsHiddenMixin, admin.ModelAdmin):
    draft_status = "application__status"
    list_display = ("item", "application", "cost", "financial_year", "cost_type")
    list_filter = ("cost_type", "financial_year", "application__strand")
    search_fields = ("item", "application__reference")
    list_select_related = ("application",)


@admin.register(Document)
class DocumentAdmin(DraftsHiddenMixin, ReadOnlyMixin, admin.ModelAdmin):
    draft_status = "application__status"
    list_display = ("original_name", "kind", "application", "size", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("original_name", "application__reference")
    list_select_related = ("application",)


@admin.register(InterestDeclaration)
class InterestDeclarationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Councillors' declared interests: written only on the councillors' pages."""

    list_display = ("application", "councillor", "kind", "declared_at")
    list_filter = ("kind",)
    search_fields = ("application__reference", "councillor__user__full_name", "councillor__user__email", "note")
    list_select_related = ("application", "councillor__user")


@admin.register(CouncillorVote)
class CouncillorVoteAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Councillors' decisions on bids, including those an officer recorded on their behalf."""

    list_display = ("application", "councillor", "decision", "amount", "recorded_by", "created_at")
    list_filter = ("decision",)
    search_fields = ("application__reference", "councillor__user__full_name", "councillor__user__email")
    list_select_related = ("application", "councillor__user", "recorded_by")


from . import admin_reminders  # noqa: E402, F401  (reminders: timings and the sent log)
