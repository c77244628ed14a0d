"""The deal's page: the deal with its parties, commitments (grouped by party), progress and asks, and
the history of every change."""

from django import forms
from django.contrib import admin, messages
from django.db.models import F, Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from kbt.history_admin import HistoryAdmin

from .. import services
from ..models import (
    Commitment,
    Deal,
    ProgressUpdate,
)
from ..progress import commitment_progress
from ..selectors import PARTY_KIND_ORDER, deal_progress_counts, target_rollups
from .inlines import CommitmentInline, GovernmentAskInline, PartyInline, ProgressUpdateInline


class HasOverdueCommitmentsFilter(admin.SimpleListFilter):
    title = "has overdue commitments"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.with_overdue_commitments(today)
        if self.value() == "no":
            return queryset.without_overdue_commitments(today)
        return queryset


@admin.register(Deal)
class DealAdmin(HistoryAdmin):
    list_display = ("title", "status", "published", "lead_officer", "review_date", "overdue_commitments")
    list_filter = (
        "status",
        "published",
        HasOverdueCommitmentsFilter,
        "principles",
        "priorities",
        "wards",
    )
    search_fields = ("title", "slug", "shared_goal", "description", "parties__name", "commitments__description")
    list_select_related = ("lead_officer",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("applications",)
    date_hierarchy = "review_date"
    # Status and publication move only through the actions below, which call the deals services.
    readonly_fields = ("status", "published", "commitments_by_party", "public_page")
    actions = ["publish", "unpublish", "mark_agreed", "mark_active", "mark_completed", "mark_lapsed", "mark_proposed"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "shared_goal", "description", "status", "lead_officer")}),
        ("Dates", {"fields": (("start_date", "review_date", "end_date"),)}),
        ("What it serves", {"fields": ("principles", "priorities", "wards", "applications")}),
        ("Publishing", {"fields": ("published", "public_page")}),
        ("Commitments by party", {"fields": ("commitments_by_party",)}),
    )
    inlines = [PartyInline, CommitmentInline, GovernmentAskInline, ProgressUpdateInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("commitments", queryset=Commitment.objects.prefetch_related("targets").order_by("pk"))
            )
        )

    class Media:
        js = ("js/admin-select2-labels.js",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A few each (7 principles, 5 priorities, 21 wards): tick boxes, which every screen reader can use.
        if db_field.name in ("principles", "priorities", "wards"):
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="overdue commitments")
    def overdue_commitments(self, obj):
        return deal_progress_counts(obj, today=timezone.localdate()).overdue

    def _each(self, request, queryset, service, done: str, **kwargs):
        for deal in queryset:
            service(deal=deal, actor=request.user, **kwargs)
        self.message_user(request, f"{queryset.count()} deal(s) {done}.", messages.SUCCESS)

    @admin.action(description="Publish the selected deals", permissions=["change"])
    def publish(self, request, queryset):
        self._each(request, queryset, services.deal_publish, "published")

    @admin.action(description="Take the selected deals off the public site", permissions=["change"])
    def unpublish(self, request, queryset):
        self._each(request, queryset, services.deal_unpublish, "taken off the public site")

    @admin.action(description="Mark the selected deals as agreed", permissions=["change"])
    def mark_agreed(self, request, queryset):
        self._each(request, queryset, services.deal_set_status, "marked as agreed", status=Deal.Status.AGREED)

    @admin.action(description="Mark the selected deals as under way", permissions=["change"])
    def mark_active(self, request, queryset):
        self._each(request, queryset, services.deal_set_status, "marked as under way", status=Deal.Status.ACTIVE)

    @admin.action(description="Mark the selected deals as completed", permissions=["change"])
    def mark_completed(self, request, queryset):
        self._each(request, queryset, services.deal_set_status, "marked as completed", status=Deal.Status.COMPLETED)

    @admin.action(description="Mark the selected deals as lapsed", permissions=["change"])
    def mark_lapsed(self, request, queryset):
        self._each(request, queryset, services.deal_set_status, "marked as lapsed", status=Deal.Status.LAPSED)

    @admin.action(description="Mark the selected deals as proposed", permissions=["change"])
    def mark_proposed(self, request, queryset):
        self._each(request, queryset, services.deal_set_status, "marked as proposed", status=Deal.Status.PROPOSED)

    def get_urls(self):
        rollups = path("rollups/", self.admin_site.admin_view(self.rollups_view), name="deals_deal_rollups")
        return [rollups, *super().get_urls()]

    def rollups_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "title": "Deals' targets rolled up",
            "opts": self.model._meta,
            "rollup_groups": target_rollups(),
        }
        return TemplateResponse(request, "admin/deals/rollups.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "rollups_url": reverse("admin:deals_deal_rollups")}
        return super().changelist_view(request, extra_context)

    @admin.display(description="public page")
    def public_page(self, obj):
        if not obj.pk or not obj.published:
            return "Not published: the public page answers “not found”."
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    @admin.display(description="summary")
    def commitments_by_party(self, obj):
        """A read-only summary: each party with its commitments, their due dates and statuses."""
        if not obj.pk:
            return "Save the deal to see its commitments here."
        today = timezone.localdate()
        groups: dict = {}
        commitments = obj.commitments.select_related("party").prefetch_related("targets")
        for commitment in commitments.order_by(F("due_date").asc(nulls_last=True)):
            groups.setdefault(commitment.party, []).append(commitment)
        if not groups:
            return "No commitments yet."

        def order(item):
            party = item[0]
            return (1, 0, "") if party is None else (0, PARTY_KIND_ORDER.get(party.kind, 99), party.name)

        def row(commitment):
            due = commitment.due_date.strftime("%-d %b %Y") if commitment.due_date else "ongoing"
            return (commitment.description, due, commitment_progress(commitment, today=today).label)

        return format_html_join(
            "",
            "<p><strong>{}</strong></p><ul>{}</ul>",
            (
                (
                    party.name if party else "Everyone together",
                    format_html_join("", "<li>{} (due {}, {})</li>", (row(c) for c in commitments)),
                )
                for party, commitments in sorted(groups.items(), key=order)
            ),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is ProgressUpdate:
            for update in formset.save(commit=False):
                if update.author_id is None:
                    update.author = request.user
                update.save()
            for update in formset.deleted_objects:
                update.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)
