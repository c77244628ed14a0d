"""Officers keep deals here: a deal with its parties, its commitments (grouped by party) and its
progress updates on one page, and the history of every change."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Prefetch, When
from django.forms import Textarea
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from grants.admin.readonly import ReadOnlyMixin
from kbt.admin_widgets import SafeAutocompleteMixin
from kbt.history_admin import HistoryAdmin

from . import services
from .forms import TargetReportForm
from .models import (
    Commitment,
    Deal,
    DealsSettings,
    GovernmentAsk,
    Measure,
    PartnerInvitation,
    Party,
    Principle,
    ProgressUpdate,
    Target,
    TargetUpdate,
)
from .progress import commitment_progress
from .selectors import PARTY_KIND_ORDER, deal_progress_counts, target_rollups


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
    # A commitment's status moves only through the actions on the commitments list (deals services).
    readonly_fields = ("status",)
    show_change_link = True
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 36})}}
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("party")
            .prefetch_related("targets")
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


class GovernmentAskInline(admin.TabularInline):
    model = GovernmentAsk
    fields = ("ask", "outcome", "outcome_note")
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}
    extra = 0


class TargetInline(admin.TabularInline):
    """A commitment's numbers. The figure achieved moves only when an officer accepts an update."""

    model = Target
    fields = ("measure", "target_number", "baseline", "baseline_date", "target_date", "achieved", "achieved_on")
    readonly_fields = ("achieved", "achieved_on")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        _without_popups(formset.form.base_fields["measure"])
        formset.form.base_fields["baseline_date"].initial = timezone.localdate
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


class PartyCommitmentInline(admin.TabularInline):
    model = Commitment
    fields = ("description", "due_date", "status", "contact_email")
    readonly_fields = ("status",)
    show_change_link = True
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

    list_display = ("__str__", "deal", "party_name", "due_date", "status", "contact_email")
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


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "slug")
    search_fields = ("name", "description")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class TargetUpdateAddForm(forms.ModelForm):
    """An officer's own figure: the same file checks as a partner's; the service records and accepts it."""

    class Meta:
        model = TargetUpdate
        fields = ["target", "achieved", "date", "note", "evidence"]

    clean_evidence = TargetReportForm.clean_evidence


@admin.register(TargetUpdate)
class TargetUpdateAdmin(admin.ModelAdmin):
    """Figures reported for targets. Partners' figures wait here for an officer to accept them."""

    list_display = ("date", "target", "achieved", "state", "reported_by", "deal", "evidence_link")
    list_filter = ("state", "target__measure")
    search_fields = ("note", "target__commitment__deal__title", "target__commitment__party__name")
    list_select_related = ("target__measure", "target__commitment__deal", "reported_by")
    date_hierarchy = "date"
    actions = ["accept"]
    readonly_fields = ("target", "achieved", "date", "note", "evidence_link", "state", "reported_by", "checked_by")
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        # The change permission lets an officer accept figures (the action); the record itself stays as sent.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = TargetUpdateAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["target", "achieved", "date", "note", "evidence"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            form.instance = services.target_update_record(
                target=data["target"],
                achieved=data["achieved"],
                date=data["date"],
                note=data["note"],
                evidence=data["evidence"],
                actor=request.user,
            )
        except ValidationError as error:  # the form checked the same rules; this is a race at most
            self.message_user(request, "; ".join(error.messages), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        pass

    def log_addition(self, request, obj, message):
        pass

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, "The figure is recorded and accepted.", messages.SUCCESS)
        return redirect("admin:deals_targetupdate_changelist")

    @admin.display(description="deal")
    def deal(self, obj):
        return obj.target.commitment.deal

    @admin.display(description="evidence")
    def evidence_link(self, obj):
        if not obj.evidence:
            return "None"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:deals_targetupdate_evidence", args=[obj.pk]), obj.evidence_name
        )

    @admin.action(description="Accept the selected figures", permissions=["change"])
    def accept(self, request, queryset):
        for update in queryset:
            services.target_update_accept(update=update, actor=request.user)
        self.message_user(request, f"{queryset.count()} figure(s) accepted: they show on the public pages.")

    def get_urls(self):
        evidence = path(
            "<int:pk>/evidence/", self.admin_site.admin_view(self.evidence_view), name="deals_targetupdate_evidence"
        )
        return [evidence, *super().get_urls()]

    def evidence_view(self, request, pk):
        # Evidence is in private storage: only officers who may see the figures open it.
        if not self.has_view_permission(request):
            raise Http404
        update = get_object_or_404(TargetUpdate, pk=pk)
        if not update.evidence:
            raise Http404
        return FileResponse(update.evidence.open("rb"), as_attachment=True, filename=update.evidence_name)


@admin.register(PartnerInvitation)
class PartnerInvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Who was invited to report for which party, and whether they have accepted. Invite from the parties list."""

    list_display = ("name", "email", "party", "invited_by", "created_at", "accepted_at")
    search_fields = ("name", "email", "party__name", "party__deal__title")
    list_select_related = ("party", "invited_by")
    exclude = ("token",)


@admin.register(DealsSettings)
class DealsSettingsAdmin(admin.ModelAdmin):
    fields = ("business_pledge_share",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
