"""A grant's payments in the officers' site: awarded, paid and still to pay (from the ledger), the
schedule with what each instalment waits for, the holds, and every change to the schedule. Officers
change the schedule (with a reason) and hold or release payments here; the services keep the rules."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from ..forms.payments import HoldForm, ScheduleForm
from ..models import Application, Instalment, PaymentHold
from ..money import pounds
from ..selectors.payments import grant_money, grant_schedule
from ..services import WorkflowError
from ..services import payments as payment_services
from .readonly import ReadOnlyMixin


@admin.register(Instalment)
class InstalmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("reference_text", "application", "due_date", "amount_pounds", "status", "payment_run")
    list_filter = ("status", "application__strand")
    search_fields = ("application__reference", "application__title")
    list_select_related = ("application", "payment_run")

    def get_readonly_fields(self, request, obj=None):
        # Written only by the payment services: shown, never a box to change.
        return [field.name for field in self.model._meta.concrete_fields]

    @admin.display(description="reference")
    def reference_text(self, instalment):
        return instalment.reference

    @admin.display(description="amount")
    def amount_pounds(self, instalment):
        return pounds(instalment.amount)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("grant/<int:pk>/", view(self.grant_view), name="grants_grant_payments"),
            path("grant/<int:pk>/schedule/", view(self.schedule_view), name="grants_grant_schedule"),
            path("grant/<int:pk>/hold/", view(self.hold_view), name="grants_grant_hold"),
            path("grant/<int:pk>/release/", view(require_POST(self.release_view)), name="grants_grant_release"),
        ] + super().get_urls()

    def _grant(self, request, pk) -> Application:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            Application.objects.select_related("organisation", "strand").exclude(status="draft"), pk=pk
        )

    def _context(self, request, application, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "application": application,
            "title": title,
            "grant_url": reverse("admin:grants_grant_payments", args=[application.pk]),
            **extra,
        }

    def grant_view(self, request, pk):
        application = self._grant(request, pk)
        officer = request.user.is_officer
        return TemplateResponse(
            request,
            "admin/grants/payments/grant.html",
            self._context(
                request,
                application,
                f"Payments: {application.reference}",
                money=grant_money(application),
                schedule=grant_schedule(application),
                changes=application.schedule_changes.select_related("changed_by")[:20],
                can_change=officer and application.status in payment_services.PAYABLE,
                can_hold=officer,
                officer_hold=PaymentHold.Reason.OFFICER,
            ),
        )

    def schedule_view(self, request, pk):
        application = self._grant(request, pk)
        instalments = list(application.instalments.order_by("number"))
        form = ScheduleForm(request.POST or None, initial=ScheduleForm.initial_for(instalments))
        if request.method == "POST" and form.is_valid():
            try:
                payment_services.schedule_change(
                    application, planned=form.planned(), reason=form.cleaned_data["reason"], actor=request.user
                )
            except WorkflowError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "The payment schedule was changed and the reason kept.")
                return HttpResponseRedirect(reverse("admin:grants_grant_payments", args=[application.pk]))
        kept = [i for i in instalments if i.status != "scheduled"]
        return TemplateResponse(
            request,
            "admin/grants/payments/grant_form.html",
            self._context(
                request,
                application,
                f"Change the payment schedule: {application.reference}",
                form=form,
                kept=kept,
                button="Change the schedule",
                intro=f"The instalments must add up to the award of {pounds(application.amount_awarded)}, "
                "with those already paid, being paid or cancelled (listed below), which stay as they are.",
            ),
        )

    def hold_view(self, request, pk):
        application = self._grant(request, pk)
        form = HoldForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                payment_services.hold_unpaid(
                    application, reason=PaymentHold.Reason.OFFICER, actor=request.user, note=form.cleaned_data["note"]
                )
            except WorkflowError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "The grant's payments are on hold until an officer releases them.")
                return HttpResponseRedirect(reverse("admin:grants_grant_payments", args=[application.pk]))
        return TemplateResponse(
            request,
            "admin/grants/payments/grant_form.html",
            self._context(
                request,
                application,
                f"Hold payments: {application.reference}",
                form=form,
                button="Hold the payments",
                intro="No instalment of this grant goes into a payment run while it is on hold.",
            ),
        )

    def release_view(self, request, pk):
        application = self._grant(request, pk)
        # Only an officer's own hold ends here: bank details end theirs when an officer confirms the change,
        # an overdue report when the report comes in.
        reason = PaymentHold.Reason.OFFICER
        try:
            released = payment_services.release_holds(application, reason=reason, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The hold was released." if released else "There was no such hold.")
        return HttpResponseRedirect(reverse("admin:grants_grant_payments", args=[application.pk]))
