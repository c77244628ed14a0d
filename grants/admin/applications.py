"""The applications list and an application's page in the officers' site.

Admin never writes an application itself: the page is read-only, and every button leads to a small
form whose view calls one function of grants.services, which checks the workflow table and roles."""

import re

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.template.response import TemplateResponse

from kbt.accounts.reauth import has_recent_auth, reauth_redirect
from kbt.history_admin import HistoryAdmin
from kbt.snapshot_cache import cached, snapshot_name

from .. import services
from ..forms.officers import AssignForm, officers
from ..models import (
    Application,
    Assessment,
    ConflictDeclaration,
    CriterionScore,
    Organisation,
    Priority,
    Round,
)
from ..money import pounds
from ..services.exports import application_export_request
from . import application_rows, changelist, exports
from .application_pages import ApplicationPages
from .drafts import DraftsHiddenMixin
from .offer_pages import BankCheckFilter, OfferPages
from .principles import PrinciplesPage
from .publication import PublicationPages
from .readonly import ReadOnlyInline, ReadOnlyMixin

FULL_REFERENCE = re.compile(r"(?i)KBT-[A-Z]{3}-\d{5,}")


class RoundFilter(admin.SimpleListFilter):
    # Each round's name includes its strand's: fetched together, not one query per round.
    title = "round"
    parameter_name = "round__id__exact"

    def lookups(self, request, model_admin):
        return kept(request, "rounds", lambda: [
            (str(r.pk), str(r)) for r in Round.objects.select_related("strand").order_by("strand__name", "-opens_at")
        ])  # fmt: skip

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(round_id=int(value)) if value and value.isdecimal() else queryset


def kept(request, name: str, work):
    """A filter's choices, kept under the database's snapshot (kbt/snapshot_cache.py): the list's five
    filters read rounds, priorities, officers, strands and wards, which change rarely. One snapshot
    name serves every filter of the request (they are built together, before anything is written)."""
    if not hasattr(request, "_kbt_list_snapshot"):
        request._kbt_list_snapshot = snapshot_name()
    return cached(f"application-list-filter:{name}", work, snapshot=request._kbt_list_snapshot)


class KeptRelatedFilter(admin.RelatedFieldListFilter):
    """Django's filter by a related row (strand, ward), its choices kept like the others."""

    def field_choices(self, field, request, model_admin):
        return kept(
            request, field.name, lambda: super(KeptRelatedFilter, self).field_choices(field, request, model_admin)
        )


class PriorityFilter(admin.SimpleListFilter):
    # A subquery rather than a join, so the list needs no DISTINCT over the whole table.
    title = "council priority"
    parameter_name = "priorities__id__exact"

    def lookups(self, request, model_admin):
        return kept(request, "priorities", lambda: [(str(p.pk), str(p)) for p in Priority.objects.all()])

    def queryset(self, request, queryset):
        value = self.value()
        if not (value and value.isdecimal()):
            return queryset
        chosen = Application.priorities.through.objects.filter(priority_id=int(value)).values("application_id")
        return queryset.filter(pk__in=chosen)


class AssignedOfficerFilter(admin.SimpleListFilter):
    title = "assigned officer"
    parameter_name = "officer"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("none", "Nobody")] + kept(
            request,
            "officers",
            lambda: [(str(user.pk), str(user)) for user in officers().only("pk", "full_name", "email")],
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_officer=request.user)
        if value == "none":
            return queryset.filter(assigned_officer__isnull=True)
        if value and value.isdecimal():
            return queryset.filter(assigned_officer_id=int(value))
        return queryset


# Nobody edits an application here: its answers are the applicant's, its status the workflow's.
@admin.register(Application)
class ApplicationAdmin(
    OfferPages, PrinciplesPage, PublicationPages, ApplicationPages, DraftsHiddenMixin, ReadOnlyMixin, HistoryAdmin
):
    list_display = application_rows.COLUMNS  # the rows are written by application_rows
    list_display_links = ("reference", "title")
    list_filter = (
        "status",
        ("strand", KeptRelatedFilter),
        RoundFilter,
        ("ward", KeptRelatedFilter),
        PriorityFilter,
        AssignedOfficerFilter,
        BankCheckFilter,
        ("submitted_at", admin.DateFieldListFilter),
    )
    search_fields = ("reference", "title", "organisation__name", "organisation__postcode")
    search_help_text = "Search by reference, project name, organisation or postcode."
    list_per_page = 50
    # Counting the whole table again for "x total" is a second count on every page: skip it.
    show_full_result_count = False
    ordering = ("-submitted_at", "-id")
    actions = ("assign_to_me", "assign_to_officer", "export_csv", "export_xlsx")
    # Its budget lines, documents, status history and ledger are read-only tables under the form
    # (record_tables.py), not inlines.
    fieldsets = (
        (
            "The bid",
            {
                "fields": (
                    "reference",
                    "organisation",
                    "round",
                    "strand",
                    "ward",
                    "priority_list",
                    "title",
                    "summary",
                    "amount_requested",
                    "start_date",
                    "end_date",
                    "outcomes",
                    "beneficiaries_count",
                    "beneficiaries_description",
                    "match_funding",
                    "match_funding_sources",
                )
            },
        ),
        (
            "On the public register (change on the Publication page)",
            {"fields": ("public_summary", "withheld", "withheld_reason")},
        ),
        (
            "Where it is",
            {
                "fields": (
                    "status",
                    "assigned_officer",
                    "recommendation",
                    "recommended_amount",
                    "amount_awarded",
                    "submitted_at",
                    "decided_at",
                    "created_by",
                    "created_at",
                )
            },
        ),
    )
    readonly_fields = ("priority_list",)
    # The history page (django-simple-history) shows, for every change, these values as they became.
    history_list_display = ("status", "assigned_officer", "recommendation", "recommended_amount", "amount_awarded")

    # The list ------------------------------------------------------------------------------------

    @staticmethod
    def list_rows(ids):
        """A page's applications with what the list's rows show (grants/admin/application_rows.py) and
        nothing else: not their long answers; what may be empty joined (small tables), so a page runs
        the same queries whatever it lists, the rest by key."""
        return (
            Application.objects.filter(pk__in=ids)
            .only(
                *("reference", "title", "status", "amount_requested", "submitted_at", "decided_at", "score"),
                *("organisation", "strand__code", "ward__name", "assigned_officer__full_name"),
                "assigned_officer__email",
            )
            .select_related("strand", "ward", "assigned_officer")
            .prefetch_related(
                Prefetch("organisation", Organisation.objects.only("name")),
                Prefetch("assessment", Assessment.objects.only("application_id", "total_score")),
                "priorities",
            )
        )

    def get_queryset(self, request):
        # Drafts are the applicant's own work until they send them: DraftsHiddenMixin leaves them out
        # for everyone but administrators.
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "strand", "ward", "assigned_officer", "assessment")
            .prefetch_related("priorities")
        )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        # A whole reference finds its bid through the unique index, without scanning every row.
        if FULL_REFERENCE.fullmatch(term):
            return queryset.filter(reference=term.upper()), False
        # Each word must match the reference, the project's name, or its organisation's name or
        # postcode, through the trigram indexes (grants/admin/changelist.py).
        return changelist.search(queryset, term), False

    def get_changelist(self, request, **kwargs):
        return changelist.LoadedChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The whole list (only a page number or a sort given) is counted by PostgreSQL's estimate.
        unfiltered = not any(value for key, value in request.GET.items() if key not in ("p", "o"))
        return changelist.ListPaginator(
            queryset, per_page, orphans, allow_empty_first_page, estimate=unfiltered, load=self.list_rows
        )

    @admin.display(description="organisation", ordering="organisation__name")
    def organisation_name(self, obj):
        return obj.organisation.name

    # Sorted by strand, the bids group by strand (in the order the strands were set up) and come newest
    # first within each, read in order from an index rather than sorting the whole list by code.
    @admin.display(description="strand", ordering="strand_id")
    def strand_code(self, obj):
        return obj.strand.code

    @admin.display(description="ward or priorities")
    def ward_or_priorities(self, obj):
        if obj.ward_id:
            return obj.ward.name
        return ", ".join(f"P{p.number}" for p in obj.priorities.all()) or "—"

    @admin.display(description="amount requested", ordering="amount_requested", empty_value="—")
    def amount(self, obj):
        return None if obj.amount_requested is None else pounds(obj.amount_requested)

    @admin.display(description="score (%)", ordering="score", empty_value="—")
    def assessment_score(self, obj):
        return exports.score_of(obj)

    @admin.display(description="days waiting", ordering="submitted_at", empty_value="—")
    def days_waiting(self, obj):
        return exports.days_waiting(obj)

    @admin.display(description="priorities")
    def priority_list(self, obj):
        return ", ".join(str(p) for p in obj.priorities.all()) or "—"

    # Bulk actions --------------------------------------------------------------------------------

    def _assign(self, request, queryset, officer):
        try:
            done = services.applications_assign(applications=list(queryset), officer=officer, actor=request.user)
        except services.WorkflowError as error:
            self.message_user(request, f"Nothing was assigned: {error.message}", messages.ERROR)
            return None
        who = "you" if officer == request.user else (str(officer) if officer else "nobody")
        self.message_user(request, f"{len(done)} applications assigned to {who}.", messages.SUCCESS)
        return None

    @admin.action(description="Assign the selected applications to me", permissions=["view"])
    def assign_to_me(self, request, queryset):
        return self._assign(request, queryset, request.user)

    @admin.action(description="Assign the selected applications to an officer", permissions=["view"])
    def assign_to_officer(self, request, queryset):
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            return self._assign(request, queryset, form.cleaned_data["officer"])
        context = {
            **self.admin_site.each_context(request),
            "title": "Assign applications to an officer",
            "opts": self.model._meta,
            "form": form,
            "queryset": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/grants/application/assign_many.html", context)

    @admin.action(description="Export the selected applications (CSV)", permissions=["view"])
    def export_csv(self, request, queryset):
        if not has_recent_auth(request):
            return reauth_redirect(request)
        exports.export_record(actor=request.user, fmt="csv", what="the selected applications")
        return exports.csv_response(queryset.order_by("-submitted_at", "-id"))

    @admin.action(description="Export the selected applications (Excel)", permissions=["view"])
    def export_xlsx(self, request, queryset):
        if not has_recent_auth(request):
            return reauth_redirect(request)
        exports.export_record(actor=request.user, fmt="xlsx", what="the selected applications")
        application_export_request(user=request.user, selected=list(queryset.values_list("pk", flat=True)))
        self.export_queued_message(request)
        return None


class AssessmentScoreInline(ReadOnlyInline):
    model = CriterionScore
    fields = ("criterion", "score", "comment")
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyMixin, HistoryAdmin):
    """Read here; written only on the application's Assess page, by its assessor, through services."""

    list_display = ("application", "assessor", "total_score", "recommendation", "recommended_amount", "updated_at")
    list_filter = ("recommendation", "application__strand")
    search_fields = ("application__reference", "application__title", "assessor__email", "assessor__full_name")
    list_select_related = ("application", "assessor")
    inlines = [AssessmentScoreInline]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("application", "officer", "has_conflict", "declared_at")
    list_filter = ("has_conflict",)
    search_fields = ("application__reference", "officer__email", "officer__full_name")
    list_select_related = ("application", "officer")
