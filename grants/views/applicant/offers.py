"""The group's grant offer: read it, download the letter, and (a signatory) accept or decline it; later
change the bank details. Someone else's offer answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from ... import services
from ...forms.offers import AcceptOfferForm, BankDetailsForm, DeclineOfferForm
from ...models import Status
from ...offer_letter import offer_letter_pdf
from ...services import bank_details as bank
from ...services import offers
from ...services.offer_rules import current_offer, is_signatory, terms_sections
from .common import describe, my_application

OFFER_PAGE_STATUSES = (
    Status.OFFER_ISSUED,
    Status.OFFER_EXPIRED,
    Status.OFFER_DECLINED,
    Status.GRANT_ACTIVE,
    Status.COMPLETED,
)


def _offer(request, pk):
    application = my_application(request, pk)
    offer = current_offer(application) if application.status in OFFER_PAGE_STATUSES else None
    if offer is None or offer.issued_at is None:
        raise Http404("No grant offer")
    offer.application = application
    return application, offer


def _not_signatory(request, application):
    messages.info(
        request,
        "Only someone your organisation has marked as able to sign for it can do this. "
        "Any member can mark signatories on your organisation's page.",
    )
    return redirect("grants:offer", pk=application.pk)


@login_required
def offer(request, pk):
    application, offer_ = _offer(request, pk)
    describe(application)
    signatory = is_signatory(request.user, application)
    return render(
        request,
        "grants/offers/offer.html",
        {
            "application": application,
            "offer": offer_,
            "terms": terms_sections(offer_.terms.text),
            "signatory": signatory,
            "can_accept": signatory and application.status == Status.OFFER_ISSUED,
            "can_change_bank": signatory and application.status == Status.GRANT_ACTIVE,
            "bank_details": bank.current_bank_details(application),
            "nav_current": "applications",
        },
    )


@login_required
def offer_pdf(request, pk):
    """The offer letter: the signed record once accepted, else the letter as it stands."""
    application, offer_ = _offer(request, pk)
    if offer_.signed_pdf:
        response = FileResponse(
            offer_.signed_pdf.open("rb"),
            as_attachment=True,
            filename=f"{application.reference}-signed-grant-offer.pdf",
            content_type="application/pdf",
        )
    else:
        response = HttpResponse(offer_letter_pdf(offer_), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{application.reference}-grant-offer.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def offer_accept(request, pk):
    application, offer_ = _offer(request, pk)
    if application.status != Status.OFFER_ISSUED:
        messages.info(request, "This offer can no longer be accepted.")
        return redirect("grants:offer", pk=application.pk)
    if not is_signatory(request.user, application):
        return _not_signatory(request, application)
    form = AcceptOfferForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            offers.offer_accept(
                application=application,
                actor=request.user,
                full_name=form.cleaned_data["full_name"],
                position=form.cleaned_data["position"],
                declarations=form.cleaned_data["declarations"],
                bank=form.bank(),
            )
        except services.OfferInvalid as error:
            form.add_problems(error.problems)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"You have accepted the grant offer for {application.reference}.")
            return redirect("grants:offer", pk=application.pk)
    return render(
        request,
        "grants/offers/accept.html",
        {"application": application, "offer": offer_, "form": form, "organisation": application.organisation},
    )


@login_required
def offer_decline(request, pk):
    application, offer_ = _offer(request, pk)
    if application.status != Status.OFFER_ISSUED:
        messages.info(request, "This offer can no longer be declined.")
        return redirect("grants:offer", pk=application.pk)
    if not is_signatory(request.user, application):
        return _not_signatory(request, application)
    form = DeclineOfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            offers.offer_decline(application=application, actor=request.user, reason=form.cleaned_data["reason"])
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"You have declined the grant offer for {application.reference}.")
            return redirect("grants:application", pk=application.pk)
    return render(request, "grants/offers/decline.html", {"application": application, "offer": offer_, "form": form})


@login_required
def bank_details_change(request, pk):
    application, offer_ = _offer(request, pk)
    if application.status != Status.GRANT_ACTIVE:
        messages.info(request, "Bank details can be changed only while the grant is running.")
        return redirect("grants:offer", pk=application.pk)
    if not is_signatory(request.user, application):
        return _not_signatory(request, application)
    form = BankDetailsForm(request.POST if request.method == "POST" else None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            bank.bank_details_change(application=application, actor=request.user, **form.bank())
        except services.OfferInvalid as error:
            form.add_problems(error.problems)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Your new bank details are saved. We will phone a contact we hold for your organisation "
                "to check the change before we pay anything into the new account.",
            )
            return redirect("grants:offer", pk=application.pk)
    return render(
        request,
        "grants/offers/bank_details.html",
        {"application": application, "offer": offer_, "form": form, "organisation": application.organisation},
    )
