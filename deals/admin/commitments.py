"""Parties, commitments and progress updates, each in its own list."""

import datetime as dt

from django.contrib import admin, messages
from django.utils import timezone

from kbt.history_admin import HistoryAdmin

from .. import services
from ..models import (
    Commitment,
    Party,
    ProgressUpdate,
    Target,
)
from ..progress import commitment_progress
from .inlines import PartyCommitmentInline, TargetInline


class CommitmentOverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("soon", "Due in the next 14 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.open().due_between(today, today + dt.timedelta(days=14))
        return queryset


@admin.register(Party)
class PartyAdmin(HistoryAdmin):
    """One party of one deal, with what it has committed to."""

    list_display = ("name", "kind", "deal", "contact_name", "contact_email")
    list_filter = ("kind",)
    search_fields = ("name", "contact_name", "contact_email", "deal__title")
    list_select_related = ("deal",)
    autocomplete_fields = ("organisation",)
    inlines = [PartyCommitmentInline]
    actions = ["invite_contact"]

    @admin.action(description="Invite the selected parties' contacts to report their figures", permissions=["change"])
    def invite_contact(self, request, queryset):
        invited = 0
        for party in queryset:
            if not party.contact_email:
                self.message_user(request, f"{party.name} has no contact email: add one, then invite.", messages.ERROR)
                continue
            services.partner_invite(
                party=party, name=party.contact_name or party.name, email=party.contact_email, actor=request.user
            )
            invited += 1
        if invited:
            self.message_user(request, f"{invited} contact(s) invited by email.", messages.SUCCESS)

    def get_readonly_fields(self, request, obj=None):
        # A party moves between deals never: its commitments belong to its deal.
        return ("deal",) if obj else ()

    def save_formset(self, request, form, formset, change):
        for commitment in formset.save(commit=False):
            commitment.deal_id = form.instance.deal_id
            commitment.fill_contact_from_party()
            commitment.save()
        for commitment in formset.deleted_objects:
            commitment.delete()
        formset.save_m2m()


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    """Every commitment across the deals, to chase what is overdue or due soon."""

    # "How it is going" is the one status rule's answer; the status officers record feeds it.
    list_display = ("__str__", "deal", "party_name", "due_date", "progress", "contact_email")
    list_filter = (CommitmentOverdueFilter, "status", "deal__status", "party__kind")
    search_fields = ("description", "deal__title", "party__name", "contact_email")
    list_select_related = ("deal", "party")
    date_hierarchy = "due_date"
    # The status moves only through the actions below, which call the deals services.
    readonly_fields = ("deal", "status", "completed_on", "progress")
    inlines = [TargetInline]
    actions = ["mark_not_started", "mark_on_track", "mark_at_risk", "mark_done", "mark_dropped"]
    fields = (
        "deal",
        "party",
        "description",
        "due_date",
        "status",
        "progress",
        "evidence",
        "completed_on",
        "contact_name",
        "contact_email",
    )

    def has_add_permission(self, request):
        # Commitments are added on their deal's page, where the deal's parties can be chosen.
        return False

    def get_queryset(self, request):
        # The status rule reads each commitment's targets: one query for the page, not one a row.
        return super().get_queryset(request).prefetch_related("targets")

    @admin.display(description="how it is going")
    def progress(self, obj):
        return commitment_progress(obj, today=timezone.localdate()).label if obj.pk else ""

    def _mark(self, request, queryset, status):
        for commitment in queryset:
            services.commitment_update_status(commitment=commitment, status=status, actor=request.user)
        label = Commitment.Status(status).label.lower()
        self.message_user(request, f"{queryset.count()} commitment(s) marked {label}.", messages.SUCCESS)

    @admin.action(description="Mark as not started", permissions=["change"])
    def mark_not_started(self, request, queryset):
        self._mark(request, queryset, Commitment.Status.NOT_STARTED)

    @admin.action(description="Mark as on track", permissions=["change"])
    def mark_on_track(self, request, queryset):
        self._mark(request, queryset, Commitment.Status.ON_TRACK)

    @admin.action(description="Mark as at risk", permissions=["change"])
    def mark_at_risk(self, request, queryset):
        self._mark(request, queryset, Commitment.Status.AT_RISK)

    @admin.action(description="Mark as done", permissions=["change"])
    def mark_done(self, request, queryset):
        self._mark(request, queryset, Commitment.Status.DONE)

    @admin.action(description="Mark as dropped", permissions=["change"])
    def mark_dropped(self, request, queryset):
        self._mark(request, queryset, Commitment.Status.DROPPED)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Target:
            return super().save_formset(request, form, formset, change)
        for target in formset.save(commit=False):
            if target.pk is None:
                # New targets start from their baseline: the service sets the figure achieved.
                services.target_set(
                    commitment=form.instance,
                    measure=target.measure,
                    target_number=target.target_number,
                    baseline=target.baseline,
                    baseline_date=target.baseline_date,
                    target_date=target.target_date,
                    actor=request.user,
                )
            else:
                target.save()
        for target in formset.deleted_objects:
            target.delete()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "party" in form.base_fields:
            form.base_fields["party"].queryset = Party.objects.filter(deal_id=obj.deal_id)
            form.base_fields["party"].empty_label = "Everyone together"
        return form

    @admin.display(description="party", ordering="party__name")
    def party_name(self, obj):
        return obj.party.name if obj.party else "Everyone together"


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ("date", "deal", "commitment", "author")
    search_fields = ("text", "deal__title")
    list_select_related = ("deal", "commitment", "author")
    date_hierarchy = "date"
    readonly_fields = ("deal", "commitment", "author")

    def has_add_permission(self, request):
        # Progress is added on its deal's page.
        return False
