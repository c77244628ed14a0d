"""The grant offer's page in the officers' admin: review the offer prepared from the decision and issue
it, vary an issued one (a new version), extend an expired one, see every version, and see the group's
bank details masked (each look audited) and confirm a change by phone. Every write calls
grants.services; withdrawing the grant is the table's own move on the application's page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import services
from ..forms.offers import ConfirmBankDetailsForm, ExtendOfferForm, OfferForm, VaryOfferForm
from ..models import BankDetails, Offer, Status
from ..services import bank_details as bank
from ..services import offers
from ..services.offer_rules import terms_sections


class BankCheckFilter(admin.SimpleListFilter):
    """Grants whose bank details wait for an officer's phone check: nothing is paid until then."""

    title = "bank details"
    parameter_name = "bank"

    def lookups(self, request, model_admin):
        return [("check", "Waiting for a phone check")]

    def queryset(self, request, queryset):
        if self.value() == "check":
            waiting = BankDetails.objects.filter(application=OuterRef("pk"), is_current=True, needs_confirmation=True)
            return queryset.filter(Exists(waiting))
        return queryset


# The table's moves an officer makes from the offer page, not the generic action form.
OFFER_PAGE_ACTIONS = ("issue_offer", "extend_offer")


class OfferPages:
    """The pages ApplicationAdmin adds for the grant offer."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/offer/", view(self.offer_view), name="grants_application_offer"),
            path("<int:pk>/offer/<int:offer_pk>/pdf/", view(self.offer_pdf_view), name="grants_application_offer_pdf"),
        ] + super().get_urls()

    def action_view(self, request, pk, action):
        if action in OFFER_PAGE_ACTIONS:
            return HttpResponseRedirect(reverse("admin:grants_application_offer", args=[pk]))
        return super().action_view(request, pk, action)

    def _offer_url(self, application) -> str:
        return reverse("admin:grants_application_offer", args=[application.pk])

    def offer_view(self, request, pk):
        application = self._application(request, pk)
        user = request.user
        if application.status not in (*OFFER_STATUSES, Status.APPROVED):
            raise Http404("No grant offer")
        if request.method == "POST":
            if not user.is_officer:
                raise PermissionDenied
            done, forms_ = self._offer_post(request, application)
            if done:
                return HttpResponseRedirect(self._offer_url(application))
        else:
            forms_ = {}
        try:
            offer = offers.offer_review(application=application, actor=user)
        except services.WorkflowError:
            offer = Offer.objects.filter(application=application, is_current=True).first()
        if offer is None:
            raise Http404("No grant offer")
        may_see = bank.may_see_bank_details(user, application)
        history = list(BankDetails.objects.filter(application=application).select_related("given_by", "confirmed_by"))
        if may_see and history:
            bank.bank_details_viewed(details=history[0], actor=user, where="the officers' offer page")
        initial = {
            name: getattr(offer, name) for name in ("special_conditions", "payment_summary", "reporting_summary")
        }
        initial["expires_on"] = offer.expires_on
        context = self._context(
            request,
            application,
            f"Grant offer: {application.reference}",
            offer=offer,
            terms=terms_sections(offer.terms.text),
            versions=Offer.objects.filter(application=application).select_related("created_by", "issued_by"),
            bank_history=history if may_see else [],
            may_see_bank=may_see,
            edit_form=forms_.get("save")
            or (OfferForm(initial=initial) if application.status == Status.APPROVED else None),
            vary_form=forms_.get("vary")
            or (VaryOfferForm(initial=initial) if application.status == Status.OFFER_ISSUED else None),
            extend_form=forms_.get("extend")
            or (ExtendOfferForm() if application.status == Status.OFFER_EXPIRED else None),
            confirm_form=forms_.get("confirm") or ConfirmBankDetailsForm(),
            can_act=user.is_officer,
            has_errors=any(f.errors for f in forms_.values()),
        )
        return TemplateResponse(request, "admin/grants/application/offer.html", context)

    def _offer_post(self, request, application):
        """Run the step the officer asked for; (True, {}) when done, else (False, {step: form with errors})."""
        step = request.POST.get("step")
        form_class = {"save": OfferForm, "vary": VaryOfferForm, "extend": ExtendOfferForm}.get(step)
        form = form_class(request.POST) if form_class else None
        if step == "confirm":
            form = ConfirmBankDetailsForm(request.POST)
        if step != "issue" and (form is None or not form.is_valid()):
            return False, ({step: form} if form is not None else {})
        try:
            message = self._offer_step(request, application, step, form)
        except services.OfferInvalid as error:
            for field, problem in error.problems.items():
                form.add_error(field if field in form.fields else None, problem)
            return False, {step: form}
        except services.WorkflowError as error:
            if form is None:
                self.message_user(request, error.message, messages.ERROR)
                return True, {}
            form.add_error(None, error.message)
            return False, {step: form}
        self.message_user(request, message, messages.SUCCESS)
        return True, {}

    def _offer_step(self, request, application, step, form) -> str:
        user, data = request.user, form.cleaned_data if form is not None else {}
        if step == "save":
            offers.offer_update(application=application, actor=user, **data)
            return "The offer is saved. Issue it when it is ready."
        if step == "issue":
            offers.offer_issue(application=application, actor=user)
            return f"The offer is issued and the members of {application.organisation.name} are emailed."
        if step == "vary":
            fields = {k: v for k, v in data.items() if k != "reason"}
            offer = offers.offer_vary(application=application, actor=user, reason=data["reason"], **fields)
            return f"Version {offer.version} of the offer is issued, and the group is emailed."
        if step == "extend":
            offers.offer_extend(
                application=application, actor=user, expires_on=data["expires_on"], reason=data["reason"]
            )
            return "The offer is open again with its new accept-by date, and the group is emailed."
        details = BankDetails.objects.filter(application=application, is_current=True).first()
        if details is None:
            raise services.TransitionNotAllowed("There are no bank details to confirm.")
        bank.bank_details_confirm(details=details, actor=user, **data)
        return "The bank details are confirmed: the grant can be paid into this account."

    def offer_pdf_view(self, request, pk, offer_pk):
        application = self._application(request, pk)
        offer = Offer.objects.filter(application=application, pk=offer_pk).exclude(signed_pdf="").first()
        if offer is None:
            raise Http404("No signed offer")
        return FileResponse(
            offer.signed_pdf.open("rb"),
            as_attachment=True,
            filename=f"{application.reference}-signed-grant-offer.pdf",
            content_type="application/pdf",
        )


OFFER_STATUSES = (
    Status.OFFER_ISSUED,
    Status.OFFER_EXPIRED,
    Status.OFFER_DECLINED,
    Status.GRANT_ACTIVE,
    Status.COMPLETED,
    Status.WITHDRAWN,
)
