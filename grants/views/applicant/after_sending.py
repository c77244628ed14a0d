"""After sending: the dashboard, an application's page, the confirmation, answering an officer's
question, withdrawing, and downloading a document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ... import services
from ...forms import applicant as forms
from ...models import (
    Application,
    BudgetLine,
    Document,
    DraftShare,
    Membership,
    Status,
    StatusChange,
    Strand,
)
from ...public_cache import fund_page
from ...selectors.dashboard import dashboard_applications
from ...selectors.partnership import open_ideas, sharable
from ...workflow import available_actions
from .common import (
    CURRENT_OFFERS,
    SECTION_ORDER,
    describe,
    my_application,
    my_applications,
    promises_context,
    section_title,
)
from .offers import OFFER_PAGE_STATUSES
from .organisations import memberships_and_acting

# What the ideas list shows of each idea (grants/public/_ideas.html).
IDEA_FIELDS = (
    "title",
    "place",
    "description",
    "created_at",
    "ward__name",
    "councillor__user__full_name",
    "councillor__user__email",
)


def _url_for_pk(name: str):
    """`pk -> reverse(name, args=[pk])`, reversing once rather than once a row (the URL is a prefix, the
    number and a suffix)."""
    marker = 987654321
    before, after = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{before}{int(pk)}{after}"


def ward_ideas(ward_id: int) -> list:
    return fund_page("dashboard-ideas", (ward_id,), lambda: list(open_ideas(ward_id).only(*IDEA_FIELDS)))


@login_required
def dashboard(request):
    memberships, organisation = memberships_and_acting(request)
    if organisation is None:
        return render(request, "grants/dashboard.html", {"organisation": None, "nav_current": "applications"})
    applications = dashboard_applications(organisation)
    page_url, equality_url = _url_for_pk("grants:application"), _url_for_pk("privacy:equality")
    for application in applications:
        application.page_url, application.equality_url = page_url(application.pk), equality_url(application.pk)
        describe(application)
    # The strands and the ward's open ideas are public (the fund pages show them): kept in the fund pages'
    # cache, which every write to strands, ideas, wards and councillors refreshes.
    strands = fund_page(
        "dashboard-strands",
        (),
        lambda: list(Strand.objects.only("name", "slug", "kind", "councillors_decide").order_by("kind")),
    )
    return render(
        request,
        "grants/dashboard.html",
        {
            "organisation": organisation,
            "applications": applications,
            "strands": strands,
            "other_organisations": len(memberships) > 1,
            "now": timezone.now(),
            "ideas": ward_ideas(organisation.ward_id) if organisation.ward_id else [],
            "idea_strand": next((s for s in strands if s.councillors_decide), None),
            "nav_current": "applications",
        },
    )


# What a draft's task list reads of its documents and budget lines (services.application_progress).
DRAFT_DOCUMENT_KINDS = Prefetch("documents", Document.objects.only("application_id", "kind", "scan_status"))
DRAFT_BUDGET_FIGURES = Prefetch(
    "budget_lines", BudgetLine.objects.only("application_id", "cost", "cost_type", "financial_year")
)


def _share(application: Application) -> DraftShare | None:
    """The draft's share with its ward councillors (loaded with it), or None."""
    try:
        return application.share
    except Application.share.RelatedObjectDoesNotExist:
        return None


@login_required
def application(request, pk):
    """A draft's task list, or a sent application's read-only view."""
    application = get_object_or_404(
        my_applications(request.user).select_related("organisation", "round", "strand", "ward", "share"), pk=pk
    )
    # A draft's task list reads its documents and budget lines (and asks whether it has priorities only in
    # the priorities strand, one small query); a sent application's page shows its priorities and offer.
    if application.status == Status.DRAFT:
        prefetch_related_objects([application], DRAFT_DOCUMENT_KINDS, DRAFT_BUDGET_FIGURES)
    else:
        prefetch_related_objects([application], "documents", "priorities", "budget_lines", CURRENT_OFFERS)
    if application.status == Status.DRAFT:
        progress = services.application_progress(application)
        can_share = sharable(application)
        tasks = [
            {
                "key": key,
                "title": section_title(key, application),
                "status": progress.status[key],
                "url": reverse(f"grants:section_{key}", args=[application.pk]),
            }
            for key in SECTION_ORDER
        ]
        return render(
            request,
            "grants/apply/task_list.html",
            {
                "application": application,
                "tasks": tasks,
                "progress": progress,
                "completed": sum(1 for task in tasks if task["status"] == services.COMPLETED),
                "round_closed": bool(progress.problems["round"]),
                "sharable": can_share,
                "share": _share(application) if can_share else None,
                "nav_current": "applications",
            },
        )
    describe(application)
    changes = application.status_changes.select_related("actor").order_by("created_at")
    question = next((c for c in reversed(list(changes)) if c.action == "request_info"), None)
    actions = {t.action for t in available_actions(request.user, application)}
    return render(
        request,
        "grants/apply/view.html",
        {
            "application": application,
            "changes": changes,
            "question": question if application.status == Status.INFO_REQUESTED else None,
            "can_answer": "answer_info" in actions,
            "can_withdraw": "withdraw" in actions,
            "has_offer": bool(application.current_offers) and application.status in OFFER_PAGE_STATUSES,
            "reports": list(application.reports.order_by("due_date", "id")),
            **promises_context(application),
            "nav_current": "applications",
        },
    )


@login_required
def document_download(request, pk):
    """A document, to the organisation's members and to officers only; anyone else gets 404."""
    document = get_object_or_404(Document.objects.select_related("application").exclude(file=""), pk=pk)
    user = request.user
    allowed = (
        user.is_officer
        or user.is_panel_member
        or Membership.objects.filter(organisation_id=document.application.organisation_id, user=user).exists()
    )
    if not allowed:
        raise Http404("No such document")
    if not Membership.objects.filter(organisation_id=document.application.organisation_id, user=user).exists():
        services.documents.document_view_record(document=document, viewer=user)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def sent(request, pk):
    application = my_application(request, pk)
    if application.status == Status.DRAFT:
        return redirect("grants:application", pk=application.pk)
    return render(request, "grants/apply/sent.html", {"application": application})


@login_required
def answer_info(request, pk):
    application = my_application(request, pk)
    if application.status != Status.INFO_REQUESTED:
        messages.info(request, "There is no question to answer on this application now.")
        return redirect("grants:application", pk=application.pk)
    question = (
        StatusChange.objects.filter(application=application, action="request_info").order_by("-created_at").first()
    )
    form = forms.AnswerInfoForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_answer_info(
                application=application,
                actor=request.user,
                message=form.cleaned_data["message"],
                files=form.cleaned_data["files"],
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your answer has been sent to the officer.")
            return redirect("grants:application", pk=application.pk)
    return render(request, "grants/apply/answer.html", {"application": application, "form": form, "question": question})


@login_required
def withdraw(request, pk):
    application = my_application(request, pk)
    if not any(t.action == "withdraw" for t in available_actions(request.user, application)):
        messages.info(request, "This application can no longer be withdrawn.")
        return redirect("grants:application", pk=application.pk)
    form = forms.WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Application {application.reference} has been withdrawn.")
            return redirect("grants:dashboard")
    return render(request, "grants/apply/withdraw.html", {"application": application, "form": form})
