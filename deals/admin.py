"""Officers keep deals here: a deal with its parties, its commitments (grouped by party) and its
progress updates on one page, and the history of every change."""

import datetime as dt

from django.contrib import admin
from django.db import models
from django.db.models import Case, F, When
from django.forms import Textarea
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from kbt.admin_history import HistoryAdmin
from kbt.admin_widgets import SafeAutocompleteMixin

from .models import Commitment, Deal, Party, Principle, ProgressUpdate
from .selectors import PARTY_KIND_ORDER


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


def _without_popups(field):
    # Parties and commitments are edited in their own rows on the deal's page, not in pop-ups from here.
    for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
        setattr(field.widget, flag, False)


class PartyInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Party
    fields = ("name", "kind", "organisation", "contact_name", "contact_email")
    autocomplete_fields = ("organisation",)
    show_change_link = True
    extra = 0


class CommitmentInline(admin.TabularInline):
    """The deal's commitments, grouped by party: the council's first, then partners', then joint ones."""

    model = Commitment
    fields = ("party", "description", "due_date", "status", "evidence", "contact_email")
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 36})}}
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("party")
            .order_by(
                Case(When(party__kind=Party.Kind.COUNCIL, then=0), When(party__isnull=True, then=2), default=1),
                "party__name",
                F("due_date").asc(nulls_last=True),
                "pk",
            )
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this deal's parties. The form class is made per request, so this is safe across threads.
        party_field = formset.form.base_fields["party"]
        party_field.queryset = Party.objects.filter(deal=obj) if obj else Party.objects.none()
        party_field.empty_label = "Everyone together"
        _without_popups(party_field)
        if obj is None:
            party_field.help_text = "Save the deal with its parties first, then choose whose commitment this is."
        return formset


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    fields = ("date", "commitment", "text", "author")
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 50})}}
    readonly_fields = ("author",)
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["commitment"]
        field.queryset = Commitment.objects.filter(deal=obj) if obj else Commitment.objects.none()
        _without_popups(field)
        formset.form.base_fields["date"].initial = timezone.localdate
        return formset


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
    filter_horizontal = ("principles", "priorities", "wards")
    autocomplete_fields = ("applications",)
    date_hierarchy = "review_date"
    readonly_fields = ("commitments_by_party", "public_page")
    fieldsets = (
        (None, {"fields": ("title", "slug", "shared_goal", "description", "status", "lead_officer")}),
        ("Dates", {"fields": (("start_date", "review_date", "end_date"),)}),
        ("What it serves", {"fields": ("principles", "priorities", "wards", "applications")}),
        ("Publishing", {"fields": ("published", "public_page")}),
        ("Commitments by party", {"fields": ("commitments_by_party",)}),
    )
    inlines = [PartyInline, CommitmentInline, ProgressUpdateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_commitment_counts(timezone.localdate())

    @admin.display(description="overdue commitments", ordering="overdue_count")
    def overdue_commitments(self, obj):
        return obj.overdue_count

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
        for commitment in obj.commitments.select_related("party").order_by(F("due_date").asc(nulls_last=True)):
            groups.setdefault(commitment.party, []).append(commitment)
        if not groups:
            return "No commitments yet."

        def order(item):
            party = item[0]
            return (1, 0, "") if party is None else (0, PARTY_KIND_ORDER.get(party.kind, 99), party.name)

        def row(commitment):
            due = commitment.due_date.strftime("%-d %b %Y") if commitment.due_date else "ongoing"
            flag = " – OVERDUE" if commitment.is_overdue(today) else ""
            return (commitment.description, due, commitment.get_status_display(), flag)

        return format_html_join(
            "",
            "<p><strong>{}</strong></p><ul>{}</ul>",
            (
                (
                    party.name if party else "Everyone together",
                    format_html_join("", "<li>{} (due {}, {}{})</li>", (row(c) for c in commitments)),
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


class PartyCommitmentInline(admin.TabularInline):
    model = Commitment
    fields = ("description", "due_date", "status", "contact_email")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["contact_email"].help_text = "The party's contact if left empty."
        return formset


@admin.register(Party)
class PartyAdmin(HistoryAdmin):
    """One party of one deal, with what it has committed to."""

    list_display = ("name", "kind", "deal", "contact_name", "contact_email")
    list_filter = ("kind",)
    search_fields = ("name", "contact_name", "contact_email", "deal__title")
    list_select_related = ("deal",)
    autocomplete_fields = ("organisation",)
    inlines = [PartyCommitmentInline]

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

    list_display = ("__str__", "deal", "party_name", "due_date", "status", "contact_email")
    list_filter = (CommitmentOverdueFilter, "status", "deal__status", "party__kind")
    search_fields = ("description", "deal__title", "party__name", "contact_email")
    list_select_related = ("deal", "party")
    date_hierarchy = "due_date"
    readonly_fields = ("deal",)
    fields = (
        "deal",
        "party",
        "description",
        "due_date",
        "status",
        "evidence",
        "completed_on",
        "contact_name",
        "contact_email",
    )

    def has_add_permission(self, request):
        # Commitments are added on their deal's page, where the deal's parties can be chosen.
        return False

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


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "slug")
    search_fields = ("name", "description")
