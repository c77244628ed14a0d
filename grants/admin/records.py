"""Records that only services write, shown read-only: status changes, the ledger, budget lines,
documents, councillors' interests and votes."""

from django.contrib import admin

from ..models import BudgetLine, CouncillorVote, Document, InterestDeclaration, LedgerEntry, StatusChange
from .drafts import DraftsHiddenMixin
from .readonly import ReadOnlyMixin


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
