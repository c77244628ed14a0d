"""Ward councillors' pages: the bids in their wards, a bid's page, declaring an interest, approving and
declining; and the page where an officer records a decision a councillor gave another way.

Anyone who may not decide a bid (another ward's councillor, a councillor with an interest, an applicant)
gets 404, so the pages never say a bid exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from kbt.accounts.reauth import has_recent_auth, reauth_redirect

from .. import services
from ..forms.councillor import ApproveForm, DeclineForm, InterestForm, RecordDecisionForm
from ..lazy import lazily
from ..models import Application, CouncillorVote, Status, Strand
from ..money import pounds
from ..selectors.councillors import (
    bid_for_form,
    bid_for_page,
    bid_rows,
    councillor_record,
    eligible_councillors,
    majority_needed,
    pot_for,
    ward_bid_ids,
    ward_pots,
)
from ..workflow import Role, available_actions, roles_for


def _councillor_or_404(request):
    record = councillor_record(request.user)
    if record is None:
        raise Http404("Only ward councillors have these pages.")
    return record


def _bid_or_404(request, pk: int, *, whole: bool = False) -> Application:
    application = bid_for_page(pk) if whole else bid_for_form(pk)
    if application is None or Role.COUNCILLOR not in roles_for(request.user, application):
        raise Http404("No such bid in your ward.")
    return application


WAITING_PER_PAGE = 25
DECIDED_PER_PAGE = 25


def _page_of(ids, per_page: int, number):
    """(page, its bids' numbers, its elided page range); a page that does not exist shows the nearest."""
    paginator = Paginator(ids, per_page)
    page = paginator.get_page(number)
    return page, page.object_list, list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


@login_required
def bids(request):
    """The bids waiting for a decision at the top, oldest first, and the decided ones below, newest first:
    each list a page at a time, paged on its own (?waiting= and ?page=), so either keeps the other's place."""
    councillor = _councillor_or_404(request)

    # Worked out only when the page's content is not in the cache (kept per councillor under the
    # database's snapshot: templatetags/public_cache.py).
    def figures():
        waiting_page, waiting, waiting_range = _page_of(
            ward_bid_ids(councillor, decided=False), WAITING_PER_PAGE, request.GET.get("waiting")
        )
        page, decided, page_range = _page_of(
            ward_bid_ids(councillor, decided=True), DECIDED_PER_PAGE, request.GET.get("page")
        )
        rows = bid_rows(councillor, waiting + decided)
        return {
            "waiting": [rows[pk] for pk in waiting if pk in rows],
            "waiting_page": waiting_page,
            "waiting_range": waiting_range,
            # Each list's page links keep the other list's page.
            "keep_waiting": f"waiting={waiting_page.number}&" if waiting_page.number > 1 else "",
            "keep_decided": f"page={page.number}&" if page.number > 1 else "",
            "decided": [rows[pk] for pk in decided if pk in rows],
            "page": page,
            "page_range": page_range,
            "pots": ward_pots(councillor),
        }

    names = ("waiting", "waiting_page", "waiting_range", "keep_waiting", "keep_decided", "decided", "page")
    return render(
        request,
        "grants/councillor/bids.html",
        {"councillor": councillor, **lazily(figures, (*names, "page_range", "pots")), "nav": "bids"},
    )


@login_required
def bid(request, pk: int):
    application = _bid_or_404(request, pk, whole=True)
    actions = {t.action for t in available_actions(request.user, application)}
    votes = list(application.councillor_votes.all())
    my_vote = next((v for v in votes if v.councillor.user_id == request.user.pk), None)
    majority = application.strand.decision_rule == Strand.DecisionRule.MAJORITY
    return render(
        request,
        "grants/councillor/bid.html",
        {
            "application": application,
            "can_approve": "approve" in actions,
            "can_decline": "decline" in actions,
            "can_declare": application.status == Status.AWAITING_DECISION and my_vote is None,
            "my_vote": my_vote,
            "votes": votes,
            "majority": majority,
            "needed": majority_needed(application) if majority else 1,
            "pot": pot_for(application),
        },
    )


@login_required
def document(request, pk: int, document_pk: int):
    application = _bid_or_404(request, pk)
    doc = get_object_or_404(application.documents.select_related("application", "uploaded_by"), pk=document_pk)
    services.documents.document_view_record(document=doc, viewer=request.user)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name)


@login_required
@require_http_methods(["GET", "POST"])
def declare_interest(request, pk: int):
    application = _bid_or_404(request, pk)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_declare(
                application=application,
                councillor=request.user,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"You declared an interest in {application.reference}. You cannot decide this bid."
            )
            return redirect("grants:councillor_bids")
    return render(
        request,
        "grants/councillor/interest.html",
        {"application": application, "form": form, "pot": pot_for(application)},
    )


def _decided_message(application: Application, outcome: services.CouncillorDecision) -> str:
    if outcome.settled and outcome.change.to_status == Status.APPROVED:
        return f"{application.reference} is approved for {pounds(outcome.change.amount)}. We have told the group."
    if outcome.settled:
        return f"{application.reference} is declined. We have told the group why."
    verb = "approve" if outcome.vote.decision == CouncillorVote.Decision.APPROVE else "decline"
    return (
        f"Your decision to {verb} {application.reference} is recorded. {outcome.agreeing} of the "
        f"{outcome.needed} councillors needed have agreed so far."
    )


def _decide(request, pk: int, decision: str, form_class, template: str):
    application = _bid_or_404(request, pk)
    if decision not in {t.action for t in available_actions(request.user, application)}:
        # Already decided, or already voted: the bid's page says which.
        return redirect("grants:councillor_bid", pk=pk)
    kwargs = {"application": application} if form_class is ApproveForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.councillor_decide(
                application=application,
                councillor=request.user,
                decision=decision,
                amount=form.cleaned_data.get("amount"),
                reason=form.cleaned_data.get("reason", ""),
            )
        except (services.MissingInput, services.BudgetExceeded) as error:
            form.add_error("amount" if "amount" in form.fields else "reason", error.message)
        except services.WorkflowError as error:
            # Decided or refused meanwhile (another councillor was quicker): say so above the form.
            form.add_error(None, error.message)
        else:
            messages.success(request, _decided_message(application, outcome))
            return redirect("grants:councillor_bid", pk=pk)
    return render(request, template, {"application": application, "form": form, "pot": pot_for(application)})


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk: int):
    _bid_or_404(request, pk)  # 404 to anyone else before asking them to confirm
    if not has_recent_auth(request):
        # Approving money: the password and code again, at most every 15 minutes.
        return reauth_redirect(request)
    return _decide(request, pk, "approve", ApproveForm, "grants/councillor/approve.html")


@login_required
@require_http_methods(["GET", "POST"])
def decline(request, pk: int):
    return _decide(request, pk, "decline", DeclineForm, "grants/councillor/decline.html")


@login_required
@require_http_methods(["GET", "POST"])
def record_decision(request, pk: int):
    """An officer records a councillor's decision given by phone or email, naming the councillor."""
    if not request.user.is_officer:
        raise Http404("Only officers can record a councillor's decision.")
    application = bid_for_form(pk)
    if application is None or application.status != Status.AWAITING_DECISION:
        raise Http404("No bid awaiting a councillor's decision.")
    councillors = (
        eligible_councillors(application)
        .exclude(votes__application=application)
        .select_related("user")
        .order_by("user__full_name")
    )
    form = RecordDecisionForm(request.POST or None, application=application, councillors=councillors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.councillor_decide(
                application=application,
                councillor=data["councillor"].user,
                decision=data["decision"],
                amount=data.get("amount"),
                reason=data.get("reason", ""),
                recorded_by=request.user,
                note=data["note"],
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _decided_message(application, outcome))
            return redirect("admin:grants_application_change", application.pk)
    return render(
        request,
        "grants/councillor/record.html",
        {"application": application, "form": form, "pot": pot_for(application)},
    )
