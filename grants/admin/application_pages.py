"""An application's own pages in the officers' admin: its page, the export, assigning, the
assessment, the workflow's moves, the printable page and its documents. Every write calls
grants.services; the buttons are the table's (grants.workflow.available_actions)."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from kbt.accounts.reauth import has_recent_auth, reauth_redirect

from .. import services, workflow
from ..forms.officers import ActionForm, AssessmentForm, AssignForm, ConflictForm
from ..models import (
    ASSESSABLE,
    CLOSED,
    OFFERED,
    Application,
    ApplicationExport,
    Assessment,
    ConflictDeclaration,
    CriterionScore,
    Document,
    Status,
    StatusChange,
)
from ..selectors.partnership import support_for
from ..services.exports import application_export_request
from ..workflow import Check, Effect, Role
from . import exports
from .record_tables import readonly_fieldsets, record_tables


class ApplicationPages:
    """The pages ApplicationAdmin adds to Django's list and change form."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("export/<str:fmt>/", view(self.export_view), name="grants_application_export"),
            path("export/file/<int:pk>/", view(self.export_file_view), name="grants_application_export_file"),
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

    def get_object(self, request, object_id, from_field=None):
        # The change page asks for its application three times (here, in Django's form view, and for
        # the drafts' audit): loaded once a request.
        loaded = request.__dict__.setdefault("_kbt_admin_objects", {})
        key = (self.model, str(object_id), from_field)
        if key not in loaded:
            loaded[key] = self._get_object(request, object_id, from_field)
        return loaded[key]

    def _get_object(self, request, object_id, from_field=None):
        # As Django's get_object, with what the page shows of the round (named with its strand) and of
        # who created the application read in the same query.
        queryset = self.get_queryset(request).select_related("round__strand", "created_by")
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

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
        staff = {Role.OFFICER, Role.PANEL}
        if not any(t.roles & staff and t.applies_to(application) for t in workflow.TRANSITIONS):
            return []  # none from this status (a closed application): no need to work out the user's roles
        return [t for t in workflow.available_actions(user, application) if t.roles & staff]

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
                "support": support_for(application),
                "record_tables": record_tables(application, request.user),
                # Nobody edits an application in admin: its fields are shown as text, built without a form.
                "readonly_fieldsets": (
                    None
                    if self.has_change_permission(request, application)
                    else readonly_fieldsets(self, request, application)
                ),
                "workflow_actions": [
                    (t, self.button_label(t, application)) for t in self.officer_actions(request.user, application)
                ],
                "can_assess": request.user.is_officer and application.status in ASSESSABLE,
                "can_assign": request.user.is_officer and application.status not in CLOSED,
                "assign_form": AssignForm(initial={"officer": application.assigned_officer_id}),
                "offer_statuses": [
                    s.value
                    for s in (Status.APPROVED, *OFFERED, Status.OFFER_DECLINED, Status.GRANT_ACTIVE, Status.COMPLETED)
                ],
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
        exports.export_record(actor=request.user, fmt=fmt, what=f"the applications list ({request.GET.urlencode()})")
        if fmt == "csv":
            return exports.csv_response(changelist.get_queryset(request))
        # A spreadsheet of thousands of rows takes too long for a web request: a task makes it.
        application_export_request(user=request.user, query=request.GET.urlencode())
        self.export_queued_message(request)
        return HttpResponseRedirect(reverse("admin:grants_application_changelist") + "?" + request.GET.urlencode())

    def export_queued_message(self, request):
        self.message_user(
            request,
            f"We are making the spreadsheet. We will email a link to {request.user.email} when it is ready, "
            "usually within a few minutes.",
            messages.SUCCESS,
        )

    def export_file_view(self, request, pk):
        """A spreadsheet made for the person asking, while they may still read applications; 404 otherwise."""
        if not self.has_view_permission(request):
            raise Http404
        export = get_object_or_404(
            ApplicationExport, pk=pk, requested_by=request.user, state=ApplicationExport.State.READY
        )
        return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.file.name.rpartition("/")[2])

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
        conflict_form = form = None
        if declaration is None or request.POST.get("step") == "conflict":
            conflict_form = ConflictForm(request.POST if request.POST.get("step") == "conflict" else None)
            if (
                request.method == "POST"
                and conflict_form.is_valid()
                and self._declare(request, application, conflict_form)
            ):
                return HttpResponseRedirect(request.path)
        elif not declaration.has_conflict:
            form = AssessmentForm(
                request.POST if request.method == "POST" else None,
                criteria=list(application.strand.criteria.all()),
                initial=AssessmentForm.initial_for(assessment),
            )
            if request.method == "POST" and form.is_valid() and self._save_assessment(request, application, form):
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

    def _declare(self, request, application, conflict_form) -> bool:
        """Record the officer's answer on a conflict of interest; False, with the error on the form, if refused."""
        try:
            services.conflict_declare(
                application=application,
                officer=request.user,
                has_conflict=conflict_form.cleaned_data["has_conflict"],
                details=conflict_form.cleaned_data["details"],
            )
        except services.WorkflowError as error:
            conflict_form.add_error(None, error.message)
            return False
        return True

    def _save_assessment(self, request, application, form) -> bool:
        """Save the assessment; False, with the error on the form, if the service refuses it."""
        data = form.cleaned_data
        try:
            services.assessment_save(
                application=application,
                assessor=request.user,
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
            return False
        self.message_user(request, f"Assessment of {application.reference} saved.", messages.SUCCESS)
        return True

    def action_view(self, request, pk, action):
        application = self._application(request, pk)
        transition = next((t for t in self.officer_actions(request.user, application) if t.action == action), None)
        if transition is None:
            self.message_user(request, "You cannot do that to this application now.", messages.ERROR)
            return HttpResponseRedirect(self._change_url(application))
        if Effect.COMMIT_MONEY in transition.effects and not has_recent_auth(request):
            # Approving money: the password and code again, at most every 15 minutes.
            return reauth_redirect(request)
        form = ActionForm(
            request.POST if request.method == "POST" else None,
            transition=transition,
            initial=self._action_initial(application, transition),
        )
        if request.method == "POST" and form.is_valid() and self._act(request, application, transition, form):
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

    @staticmethod
    def _action_initial(application, transition) -> dict:
        """The amount the form starts with: the assessment's recommendation, else the bid's."""
        if not transition.needs_amount:
            return {}
        amount = application.recommended_amount or application.amount_requested
        if Check.ASSESSED in transition.checks:
            assessment = Assessment.objects.filter(application=application).first()
            if assessment and assessment.recommended_amount:
                amount = assessment.recommended_amount
        return {"amount": amount}

    def _act(self, request, application, transition, form) -> bool:
        """Make the move through the service that owns it; False, with the error on the form, if refused."""
        data = form.cleaned_data
        reason, amount, action = data.get("reason", ""), data.get("amount"), transition.action
        try:
            if Check.ASSESSED in transition.checks:
                services.application_recommend(
                    application=application,
                    actor=request.user,
                    recommend=Effect.RECORD_RECOMMENDATION in transition.effects,
                    amount=amount,
                    reason=reason,
                )
            elif transition.needs_minute_reference and Role.PANEL not in transition.roles:
                # A split bid: the officer records the panel's decision (grants.services.split).
                services.split_decision_record(
                    application=application,
                    actor=request.user,
                    approve=Effect.COMMIT_MONEY in transition.effects,
                    reason=reason,
                    amount=amount,
                    minute_reference=data["minute_reference"],
                )
            elif transition.needs_minute_reference:
                services.application_decide(
                    application=application,
                    actor=request.user,
                    approve=Effect.COMMIT_MONEY in transition.effects,
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
            return False
        return True

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
