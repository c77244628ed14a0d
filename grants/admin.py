"""The officers' site. Status and money are read-only here: they move only through grants.services."""

from django.contrib import admin

from kbt.admin_widgets import SafeAutocompleteMixin

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
    Strand,
    Ward,
    WardPot,
)


class StrandInline(admin.TabularInline):
    model = Strand
    fields = ("name", "code", "budget", "committed")
    readonly_fields = ("committed",)
    show_change_link = True
    extra = 0


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ("name", "total")
    search_fields = ("name",)
    inlines = [StrandInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


@admin.register(Strand)
class StrandAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "budget", "committed", "remaining", "councillors_decide")
    search_fields = ("name", "code")
    readonly_fields = ("committed", "remaining")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CriterionInline, RoundInline]

    @admin.display(description="remaining (£)")
    def remaining(self, obj):
        # None (shown as "-") on the "add" page, before there is a budget to take from.
        return obj.remaining if obj.budget is not None else None


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


@admin.register(WardPot)
class WardPotAdmin(admin.ModelAdmin):
    list_display = ("ward", "strand", "budget", "committed", "remaining")
    list_filter = ("strand",)
    search_fields = ("ward__name",)
    readonly_fields = ("committed",)
    list_select_related = ("ward", "strand")

    @admin.display(description="remaining (£)")
    def remaining(self, obj):
        # None (shown as "-") on the "add" page, before there is a budget to take from.
        return obj.remaining if obj.budget is not None else None


@admin.register(Councillor)
class CouncillorAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
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


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Membership
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "org_type", "postcode", "ward", "annual_income")
    list_filter = ("org_type", "ward")
    search_fields = ("name", "postcode", "charity_number", "company_number")
    list_select_related = ("ward",)
    inlines = [MembershipInline]


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
class MembershipAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "joined_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ("item", "application", "cost", "financial_year", "cost_type")
    list_filter = ("cost_type", "financial_year", "application__strand")
    search_fields = ("item", "application__reference")
    list_select_related = ("application",)


@admin.register(Document)
class DocumentAdmin(ReadOnlyMixin, admin.ModelAdmin):
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
