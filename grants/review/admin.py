"""The applications list and an application's page in the officers' site.

Admin never writes an application itself: the page is read-only, and every button leads to a small
form whose view calls one function of grants.services, which checks the workflow table and roles."""

import re

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal

from kbt.accounts.reauth import has_recent_auth, reauth_redirect
from kbt.history_admin import HistoryAdmin

from .. import services, workflow
from ..admin_drafts import DraftsHiddenMixin
from ..admin_readonly import ReadOnlyInline, ReadOnlyMixin
from ..forms.officers import ActionForm, AssessmentForm, AssignForm, ConflictForm, officers
from ..models import (
    Application,
    Assessment,
    BudgetLine,
    ConflictDeclaration,
    CriterionScore,
    Document,
    LedgerEntry,
    Organisation,
    Priority,
    Round,
    StatusChange,
)
from ..money import pounds
from ..selectors.budget import budget_panel
from ..workflow import Decider, Role
from . import exports

FULL_REFERENCE = re.compile(r"(?i)KBT-[A-Z]{3}-\d{5,}")


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ("item", "cost", "financial_year", "cost_type")
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ("kind", "download", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    @admin.display(description="file")
    def download(self, obj):
        url = reverse("admin:grants_application_document", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    verbose_name = "status change"
    verbose_name_plural = "status history"
    fields = ("created_at", "actor", "recorded_by", "action", "from_status", "to_status")
    fields += ("reason", "amount", "minute_reference")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "recorded_by")


class LedgerEntryInline(ReadOnlyInline):
    model = LedgerEntry
    fields = ("created_at", "kind", "amount", "ward_pot", "created_by", "note")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ward_pot__ward", "created_by")


class RoundFilter(admin.SimpleListFilter):
    # Each round's name includes its strand's: fetched together, not one query per round.
    title = "round"
    parameter_name = "round__id__exact"

    def lookups(self, request, model_admin):
        return [
            (str(r.pk), str(r)) for r in Round.objects.select_related("strand").order_by("strand__name", "-opens_at")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(round_id=int(value)) if value and value.isdecimal() else queryset


class PriorityFilter(admin.SimpleListFilter):
    # A subquery rather than a join, so the list needs no DISTINCT over the whole table.
    title = "council priority"
    parameter_name = "priorities__id__exact"

    def lookups(self, request, model_admin):
        return [(str(p.pk), str(p)) for p in Priority.objects.all()]

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
        return [("me", "Assigned to me"), ("none", "Nobody")] + [
            (str(user.pk), str(user)) for user in officers().only("pk", "full_name", "email")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_officer=request.user)
        if value == "none":
            return queryset.filter(assigned_officer__isnull=True)
        if value and value.isdecimal():
            return queryset.filter(assigned_officer_id=int(value))
        return queryset


def _search_word(word: str) -> str:
    """A word of the search box as typed: a "quoted phrase" loses its quotes; a stray quote is just a character."""
    if len(word) >= 2 and word[0] in "\"'" and word[-1] == word[0]:
        return unescape_string_literal(word)
    return word.strip("\"'")


# Nobody edits an application here: its answers are the applicant's, its status the workflow's.
@admin.register(Application)
class ApplicationAdmin(DraftsHiddenMixin, ReadOnlyMixin, HistoryAdmin):
    list_display = (
        "reference",
        "title",
        "organisation_name",
        "strand_code",
        "ward_or_priorities",
        "amount",
        "score",
        "status",
        "days_waiting",
        "assigned_officer",
    )
    list_display_links = ("reference", "title")
    list_filter = (
        "status",
        "strand",
        RoundFilter,
        "ward",
        PriorityFilter,
        AssignedOfficerFilter,
        ("submitted_at", admin.DateFieldListFilter),
    )
    search_fields = ("reference", "title", "organisation__name", "organisation__postcode")
    search_help_text = "Search by reference, project name, organisation or postcode."
    list_per_page = 50
    # Counting the whole table again for "x total" is a second count on every page: skip it.
    show_full_result_count = False
    ordering = ("-submitted_at", "-id")
    actions = ("assign_to_me", "assign_to_officer", "export_csv", "export_xlsx")
    inlines = [BudgetLineInline, DocumentInline, StatusChangeInline, LedgerEntryInline]
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
        # postcode. Organisations are matched in a subquery (a small table) instead of a join.
        for word in smart_split(term):
            word = _search_word(word)
            if not word:
                continue
            organisations = Organisation.objects.filter(Q(name__icontains=word) | Q(postcode__icontains=word))
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(title__icontains=word)
                | Q(organisation_id__in=organisations.values("pk"))
            )
        return queryset, False

    @admin.display(description="organisation", ordering="organisation__name")
    def organisation_name(self, obj):
        return obj.organisation.name

    @admin.display(description="strand", ordering="strand__code")
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

    @admin.display(description="score (%)", ordering="assessment__total_score", empty_value="—")
    def score(self, obj):
        return exports.score_of(obj)

    @admin.display(description="days waiting", ordering="submitted_at", empty_value="—")
    def days_waiting(self, obj):
        return exports.days_waiting(obj)

    @admin.display(description="priorities")
    def priority_list(self, obj):
        return ", ".join(str(p) for p in obj.priorities.all()) or "—"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "budget_panel": budget_panel()}
        return super().changelist_view(request, extra_context)

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
        return exports.xlsx_response(queryset.order_by("-submitted_at", "-id"))

    # The application's own pages -----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/<str:fmt>/", view(self.export_view), name="grants_application_export"),
            path("<int:pk>/assess/", view(self.assess_view), name="grants_application_assess"),
            path("<int:pk>/act/<str:action>/", view(self.action_view), name="grants_application_act"),
            path("<int:pk>/assign/", view(self.assign_view), name="grants_application_assign"),
            path("<int:pk>/print/", view(self.print_view), name="grants_application_print"),
            path(
                "<int:pk>/documents/<int:document_pk>/",
                view(self.document_view),
                name="grants_application_document",
            ),
        ] + super().get_urls()

    def _application(self, request, pk) -> Application:
        application = get_object_or_404(
            self.get_queryset(request)
            .select_related("round", "created_by")
            .prefetch_related(
                "budget_lines", "documents", Prefetch("status_changes", StatusChange.objects.select_related("actor"))
            ),
            pk=pk,
        )
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        return application

    def _change_url(self, application) -> str:
        return reverse("admin:grants_application_change", args=[application.pk])

    def _context(self, request, application, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": application,
            "application": application,
            "title": title,
            "change_url": self._change_url(application),
            **extra,
        }

    def officer_actions(self, user, application) -> list[workflow.Transition]:
        """The workflow's moves this user may take here: officers' and the panel's, not applicants'."""
        return [t for t in workflow.available_actions(user, application) if t.roles & {Role.OFFICER, Role.PANEL}]

    @staticmethod
    def button_label(transition, application) -> str:
        if transition.action == "recommend" and application.strand.councillors_decide:
            return "Recommend and send to the ward's councillors"
        if transition.action == "not_recommend" and application.strand.councillors_decide:
            return "Do not recommend, and send to the ward's councillors"
        return transition.label

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra = {}
        if application is not None:
            assessment = (
                Assessment.objects.filter(application=application)
                .select_related("assessor")
                .prefetch_related(Prefetch("scores", CriterionScore.objects.select_related("criterion")))
                .first()
            )
            extra = {
                "assessment": assessment,
                "declarations": ConflictDeclaration.objects.filter(application=application).select_related("officer"),
                "workflow_actions": [
                    (t, self.button_label(t, application)) for t in self.officer_actions(request.user, application)
                ],
                "can_assess": request.user.is_officer and application.status in services.assessments.ASSESSABLE,
                "can_assign": request.user.is_officer and application.status not in services.assessments.CLOSED,
                "assign_form": AssignForm(initial={"officer": application.assigned_officer_id}),
            }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def export_view(self, request, fmt):
        """The list as filtered and searched on screen, as CSV or XLSX."""
        if fmt not in ("csv", "xlsx") or not self.has_view_permission(request):
            raise Http404
        if not has_recent_auth(request):
            return reauth_redirect(request)
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # As the list itself does with a filter it does not know: show it again, unfiltered.
            return HttpResponseRedirect(reverse("admin:grants_application_changelist") + "?e=1")
        queryset = changelist.get_queryset(request)
        exports.export_record(actor=request.user, fmt=fmt, what=f"the applications list ({request.GET.urlencode()})")
        return exports.csv_response(queryset) if fmt == "csv" else exports.xlsx_response(queryset)

    def assign_view(self, request, pk):
        application = self._application(request, pk)
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(application))
        if request.POST.get("to") == "me":
            officer = request.user
        else:
            form = AssignForm(request.POST)
            if not form.is_valid():
                self.message_user(request, "Choose an officer from the list.", messages.ERROR)
                return HttpResponseRedirect(self._change_url(application))
            officer = form.cleaned_data["officer"]
        try:
            services.application_assign(application=application, officer=officer, actor=request.user)
        except services.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            who = "you" if officer == request.user else (str(officer) if officer else "nobody")
            self.message_user(request, f"{application.reference} is assigned to {who}.", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(application))

    def assess_view(self, request, pk):
        application = self._application(request, pk)
        user = request.user
        declaration = ConflictDeclaration.objects.filter(application=application, officer=user).first()
        assessment = (
            Assessment.objects.filter(application=application)
            .select_related("assessor")
            .prefetch_related("scores")
            .first()
        )
        criteria = list(application.strand.criteria.all())
        conflict_form = form = None
        if declaration is None or request.POST.get("step") == "conflict":
            conflict_form = ConflictForm(request.POST if request.POST.get("step") == "conflict" else None)
            if request.method == "POST" and conflict_form.is_valid():
                try:
                    services.conflict_declare(
                        application=application,
                        officer=user,
                        has_conflict=conflict_form.cleaned_data["has_conflict"],
                        details=conflict_form.cleaned_data["details"],
                    )
                except services.WorkflowError as error:
                    conflict_form.add_error(None, error.message)
                else:
                    return HttpResponseRedirect(request.path)
        elif not declaration.has_conflict:
            form = AssessmentForm(
                request.POST if request.method == "POST" else None,
                criteria=criteria,
                initial=AssessmentForm.initial_for(assessment),
            )
            if request.method == "POST" and form.is_valid():
                data = form.cleaned_data
                try:
                    services.assessment_save(
                        application=application,
                        assessor=user,
                        scores=form.scores(),
                        governance=data["governance"],
                        finance=data["finance"],
                        safeguarding=data["safeguarding"],
                        eligibility_notes=data["eligibility_notes"],
                        comments=data["comments"],
                        recommended_amount=data["recommended_amount"],
                        recommendation=data["recommendation"],
                    )
                except services.WorkflowError as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(request, f"Assessment of {application.reference} saved.", messages.SUCCESS)
                    return HttpResponseRedirect(self._change_url(application))
        forms_ = [f for f in (conflict_form, form) if f is not None]
        context = self._context(
            request,
            application,
            f"Assess {application.reference}",
            declaration=declaration,
            assessment=assessment,
            conflict_form=conflict_form,
            form=form,
            has_errors=any(f.errors for f in forms_),
            read_only=assessment is not None and assessment.assessor_id != user.pk,
        )
        return TemplateResponse(request, "admin/grants/application/assess.html", context)

    def action_view(self, request, pk, action):
        application = self._application(request, pk)
        transition = next((t for t in self.officer_actions(request.user, application) if t.action == action), None)
        if transition is None:
            self.message_user(request, "You cannot do that to this application now.", messages.ERROR)
            return HttpResponseRedirect(self._change_url(application))
        panel_decision = transition.only_when is Decider.PANEL and Role.PANEL in transition.roles
        if action == "approve" and not has_recent_auth(request):
            # Approving money: the password and code again, at most every 15 minutes.
            return reauth_redirect(request)
        initial = {}
        if transition.needs_amount:
            initial["amount"] = application.recommended_amount or application.amount_requested
            if action == "recommend":
                assessment = Assessment.objects.filter(application=application).first()
                if assessment and assessment.recommended_amount:
                    initial["amount"] = assessment.recommended_amount
        form = ActionForm(
            request.POST if request.method == "POST" else None,
            transition=transition,
            panel_decision=panel_decision,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            reason, amount = data.get("reason", ""), data.get("amount")
            try:
                if action in ("recommend", "not_recommend"):
                    services.application_recommend(
                        application=application,
                        actor=request.user,
                        recommend=action == "recommend",
                        amount=amount,
                        reason=reason,
                    )
                elif panel_decision:
                    services.application_decide(
                        application=application,
                        actor=request.user,
                        approve=action == "approve",
                        reason=reason,
                        amount=amount,
                        minute_reference=data["minute_reference"],
                    )
                else:
                    services.application_transition(
                        application=application, action=action, actor=request.user, reason=reason, amount=amount
                    )
            except services.WorkflowError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(
                    request,
                    f"{application.reference}: {self.button_label(transition, application)}. "
                    f"It is now {application.get_status_display().lower()}.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(application))
        context = self._context(
            request,
            application,
            f"{self.button_label(transition, application)}: {application.reference}",
            form=form,
            transition=transition,
            button=self.button_label(transition, application),
        )
        return TemplateResponse(request, "admin/grants/application/action.html", context)

    def print_view(self, request, pk):
        application = self._application(request, pk)
        self.audit_draft_look(request, application)
        assessment = (
            Assessment.objects.filter(application=application)
            .select_related("assessor")
            .prefetch_related(Prefetch("scores", CriterionScore.objects.select_related("criterion")))
            .first()
        )
        return TemplateResponse(
            request,
            "admin/grants/application/print.html",
            {"application": application, "assessment": assessment, "now": exports.timezone.now()},
        )

    def document_view(self, request, pk, document_pk):
        application = self._application(request, pk)
        document = get_object_or_404(Document, pk=document_pk, application=application)
        # Every staff look at a document is audited, drafts' included (administrators only see those).
        services.documents.document_view_record(document=document, viewer=request.user)
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


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
