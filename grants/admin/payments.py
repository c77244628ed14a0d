"""Payment runs in the officers' site, for Finance: build a run, approve someone else's, download the
payment file, mark it paid or import the remittance; and the priorities strand's payments by financial
year. Every write calls grants.services; who may do what is the services' rule, and the pages show only
the buttons it allows."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms.payments import MarkPaidForm, RemittanceForm
from ..models import PaymentRun
from ..money import pounds
from ..selectors.payments import due_summary, priorities_by_financial_year
from ..services import WorkflowError
from ..services.payment_files import RemittanceInvalid, payment_file_lines, remittance_import
from ..services.payment_runs import run_approve, run_build, run_discard, run_mark_paid
from .readonly import ReadOnlyMixin

PREVIEW_ROWS = 100


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "status", "instalment_count", "total_pounds", "built_by", "approved_by", "paid_on")
    list_filter = ("status",)
    list_select_related = ("built_by", "approved_by")
    change_list_template = "admin/grants/payments/run_list.html"

    def get_readonly_fields(self, request, obj=None):
        # Written only by the payment services: shown, never a box to change.
        return [field.name for field in self.model._meta.concrete_fields]

    @admin.display(description="total")
    def total_pounds(self, run):
        return pounds(run.total)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("build/", view(self.build_view), name="grants_paymentrun_build"),
            path("remittance/", view(self.remittance_view), name="grants_paymentrun_remittance"),
            path("years/", view(self.years_view), name="grants_paymentrun_years"),
            path("<int:pk>/approve/", view(require_POST(self.approve_view)), name="grants_paymentrun_approve"),
            path("<int:pk>/discard/", view(require_POST(self.discard_view)), name="grants_paymentrun_discard"),
            path("<int:pk>/file/", view(self.file_view), name="grants_paymentrun_file"),
            path("<int:pk>/paid/", view(self.paid_view), name="grants_paymentrun_paid"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "is_finance": request.user.is_finance})

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title, **extra}

    def _run(self, request, pk) -> PaymentRun:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not (str(pk).isascii() and str(pk).isdigit()):  # admin's change address takes any text: "abc" is no run
            raise Http404("No such payment run")
        return get_object_or_404(PaymentRun.objects.select_related("built_by", "approved_by", "paid_by"), pk=pk)

    def _finance(self, request):
        if not request.user.is_finance:
            raise PermissionDenied

    def _run_url(self, run) -> str:
        return reverse("admin:grants_paymentrun_change", args=[run.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self._run(request, object_id)
        rows = list(
            run.instalments.select_related("application__organisation", "paid_to").order_by(
                "application__reference", "number"
            )[:PREVIEW_ROWS]
        )
        user = request.user
        return TemplateResponse(
            request,
            "admin/grants/payments/run.html",
            self._context(
                request,
                str(run),
                run=run,
                rows=rows,
                more=max(run.instalment_count - len(rows), 0),
                can_approve=user.is_finance and run.status == "built" and run.built_by_id != user.pk,
                built_by_you=run.built_by_id == user.pk,
                can_discard=user.is_finance and run.status == "built",
                can_download=user.is_finance and run.status in ("approved", "paid"),
                can_mark_paid=user.is_finance and run.status == "approved",
            ),
        )

    def build_view(self, request):
        self._finance(request)
        count, total = due_summary()
        if request.method == "POST":
            try:
                run = run_build(actor=request.user)
            except WorkflowError as error:
                messages.error(request, error.message)
                return HttpResponseRedirect(reverse("admin:grants_paymentrun_build"))
            messages.success(request, f"{run} built: {run.instalment_count} payments, {pounds(run.total)}.")
            return HttpResponseRedirect(self._run_url(run))
        return TemplateResponse(
            request,
            "admin/grants/payments/build.html",
            self._context(request, "Build a payment run", count=count, total=total),
        )

    def approve_view(self, request, pk):
        run = self._run(request, pk)
        try:
            run, left_out = run_approve(run=run, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            note = f" {left_out} put on hold since it was built were taken out." if left_out else ""
            messages.success(request, f"{run} approved: the payment file is ready.{note}")
        return HttpResponseRedirect(self._run_url(run))

    def discard_view(self, request, pk):
        run = self._run(request, pk)
        try:
            run_discard(run=run, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{run} discarded: its payments go into the next run.")
        return HttpResponseRedirect(self._run_url(run))

    def file_view(self, request, pk):
        run = self._run(request, pk)
        try:
            lines = payment_file_lines(run=run, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self._run_url(run))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="payment-run-{run.pk}.csv"'
        response["Cache-Control"] = "no-store"
        return response

    def paid_view(self, request, pk):
        run = self._run(request, pk)
        self._finance(request)
        form = MarkPaidForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                run_mark_paid(run=run, actor=request.user, **form.cleaned_data)
            except WorkflowError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{run} marked paid. Each group has been emailed.")
                return HttpResponseRedirect(self._run_url(run))
        return TemplateResponse(
            request,
            "admin/grants/payments/form.html",
            self._context(
                request, f"Mark {run} paid", form=form, run=run, back=self._run_url(run), button="Mark as paid"
            ),
        )

    def remittance_view(self, request):
        self._finance(request)
        form = RemittanceForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                runs = remittance_import(
                    text=form.cleaned_data["file"],
                    actor=request.user,
                    finance_reference=form.cleaned_data["finance_reference"],
                )
            except RemittanceInvalid as error:
                problems = error.problems
                form.add_error(None, "The file was not imported: nothing was marked paid. Correct these lines.")
            except WorkflowError as error:
                form.add_error(None, error.message)
            else:
                paid = ", ".join(str(run) for run in runs) or "no whole run yet"
                messages.success(request, f"The remittance was imported. Runs now paid: {paid}.")
                return HttpResponseRedirect(reverse("admin:grants_paymentrun_changelist"))
        return TemplateResponse(
            request,
            "admin/grants/payments/form.html",
            self._context(
                request,
                "Import a remittance file",
                form=form,
                problems=problems,
                multipart=True,
                back=reverse("admin:grants_paymentrun_changelist"),
                button="Import the remittance",
            ),
        )

    def years_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/grants/payments/years.html",
            self._context(
                request,
                "Priorities payments by financial year",
                strands=priorities_by_financial_year(),
                today=timezone.localdate(),
            ),
        )
