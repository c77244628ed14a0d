"""Partners' pages: a contact invited by an officer reports figures for their own party's targets.
Every other party, commitment and target answers 404 to them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import services
from .forms import TargetReportForm
from .models import PartnerInvitation, Target
from .selectors import contact_commitment_for_page, contact_parties

INVITATION_SESSION_KEY = "deals_partner_invitation"


def invitation(request, token):
    """The link in the invitation email. Signed in: accept it and go to the partner's page. Not signed
    in: keep the token in the session and offer to sign in or create an account."""
    if not PartnerInvitation.objects.filter(token=token).exists():
        return render(request, "deals/partner/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        invite = PartnerInvitation.objects.select_related("party__deal").get(token=token)
        return render(request, "deals/partner/invitation.html", {"invitation": invite, "next": request.path})
    try:
        services.partner_invitation_accept(token=token, user=request.user)
    except services.InvitationRefused as refused:
        return render(request, "deals/partner/invitation_refused.html", {"message": refused.message}, status=403)
    request.session.pop(INVITATION_SESSION_KEY, None)
    return redirect("deals:partner_home")


@login_required
def partner_home(request):
    # An invitation carried through sign-up: accept it now the person is signed in.
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    if token:
        try:
            services.partner_invitation_accept(token=token, user=request.user)
        except services.InvitationRefused as refused:
            messages.error(request, refused.message)
    parties = contact_parties(request.user, today=timezone.localdate())
    if not parties:
        return render(request, "deals/partner/no_parties.html", status=404)
    return render(request, "deals/partner/home.html", {"parties": parties})


@login_required
@require_http_methods(["GET", "POST"])
def partner_commitment(request, pk):
    commitment = contact_commitment_for_page(request.user, pk, today=timezone.localdate())
    if commitment is None:
        raise_404()
    target = None
    form = TargetReportForm()
    if request.method == "POST":
        target = get_object_or_404(Target.objects.for_contact(request.user), pk=request.POST.get("target"))
        if target.commitment_id != commitment.pk:
            raise_404()
        form = TargetReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.target_update_report(
                    target=target,
                    user=request.user,
                    achieved=form.cleaned_data["achieved"],
                    date=form.cleaned_data["date"],
                    note=form.cleaned_data["note"],
                    evidence=form.cleaned_data["evidence"],
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(
                    request,
                    f"Your figure of {form.cleaned_data['achieved']:,} {target.measure.name} is sent. "
                    "It shows as awaiting check until a council officer accepts it.",
                )
                return redirect("deals:partner_commitment", pk=commitment.pk)
    return render(request, "deals/partner/commitment.html", {"commitment": commitment, "form": form, "chosen": target})


def raise_404():
    raise Http404("Not one of your organisation's commitments.")
