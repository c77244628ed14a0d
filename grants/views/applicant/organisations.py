"""A group's organisation pages: choose, create, see, change, invite, join."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ... import services
from ...forms import organisations as forms
from ...models import Membership, Organisation

ACTING_ORGANISATION = "acting_organisation_id"  # the session key of the group a person acts for


def _memberships(user):
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def acting_organisation(request) -> Organisation | None:
    """The organisation the person is acting for: the one they chose, else their first."""
    return memberships_and_acting(request)[1]


def memberships_and_acting(request) -> tuple[list[Membership], Organisation | None]:
    """The person's memberships, and the organisation they are acting for (as `acting_organisation`)."""
    memberships = list(_memberships(request.user))
    chosen = request.session.get(ACTING_ORGANISATION)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return memberships, membership.organisation
    return memberships, (memberships[0].organisation if memberships else None)


def _my_organisation(request, pk) -> Organisation:
    return get_object_or_404(Organisation.objects.filter(memberships__user=request.user), pk=pk)


@login_required
def organisations(request):
    memberships = list(_memberships(request.user))
    if not memberships:
        return redirect("grants:organisation_create")
    acting = acting_organisation(request)
    return render(
        request,
        "grants/organisations/list.html",
        {"memberships": memberships, "acting": acting, "nav_current": "organisation"},
    )


@login_required
@require_POST
def organisation_choose(request):
    form = forms.ChooseOrganisationForm(request.POST, user=request.user)
    if not form.is_valid():
        # Only a tampered form gets here: the page offers the person's own organisations.
        raise Http404
    organisation = form.cleaned_data["organisation"]
    request.session[ACTING_ORGANISATION] = organisation.pk
    messages.success(request, f"You are now acting for {organisation.name}.")
    return redirect(_next_url(request) or "grants:dashboard")


def _next_url(request) -> str:
    """Where the form said to go afterwards (posted, or in the address), if it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@login_required
def organisation_create(request):
    form = forms.OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(user=request.user, **form.cleaned_data)
        request.session[ACTING_ORGANISATION] = organisation.pk
        messages.success(request, f"{organisation.name} has been saved.")
        return redirect(_next_url(request) or "grants:dashboard")
    return render(
        request,
        "grants/organisations/form.html",
        {"form": form, "next": _next_url(request), "creating": True},
    )


@login_required
def organisation_detail(request, pk):
    organisation = _my_organisation(request, pk)
    members = organisation.memberships.select_related("user").order_by("user__full_name")
    return render(
        request,
        "grants/organisations/detail.html",
        {"organisation": organisation, "members": members, "nav_current": "organisation"},
    )


@login_required
def organisation_change(request, pk):
    organisation = _my_organisation(request, pk)
    form = forms.OrganisationForm(request.POST if request.method == "POST" else None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(organisation=organisation, **form.cleaned_data)
        messages.success(request, "Your group's details have been saved.")
        return redirect(_next_url(request) or reverse("grants:organisation_detail", args=[organisation.pk]))
    return render(
        request,
        "grants/organisations/form.html",
        {"form": form, "organisation": organisation, "next": _next_url(request)},
    )


@login_required
def organisation_invite(request, pk):
    organisation = _my_organisation(request, pk)
    form = forms.InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.organisation_invite(
            organisation=organisation, email=form.cleaned_data["email"], invited_by=request.user
        )
        messages.success(request, f"We have sent an invitation to {form.cleaned_data['email']}.")
        return redirect("grants:organisation_detail", pk=organisation.pk)
    return render(request, "grants/organisations/invite.html", {"form": form, "organisation": organisation})


@login_required
def organisation_join(request, token):
    try:
        organisation = services.organisation_join(token=token, user=request.user)
    except services.InviteInvalid as invalid:
        return render(request, "grants/organisations/invite_invalid.html", {"message": invalid.message}, status=400)
    request.session[ACTING_ORGANISATION] = organisation.pk
    messages.success(request, f"You have joined {organisation.name}.")
    return redirect("grants:dashboard")


@login_required
@require_POST
def membership_signatory(request, pk, membership_pk):
    """A member marks another member (or themself) as able, or no longer able, to sign for the group."""
    organisation = _my_organisation(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organisation=organisation
    )
    can_sign = request.POST.get("can_sign") == "yes"
    try:
        services.membership_set_signatory(membership=membership, can_sign=can_sign, actor=request.user)
    except services.WorkflowError as error:
        messages.error(request, error.message)
    else:
        name = membership.user.get_full_name() or membership.user.email
        messages.success(request, f"{name} {'can now' if can_sign else 'can no longer'} sign for {organisation.name}.")
    return redirect("grants:organisation_detail", pk=organisation.pk)
