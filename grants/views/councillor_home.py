"""Ward councillors' home and "Working with groups": the drafts groups share with them, read-only, where
they comment, record support or declare an interest; and their ideas for their wards.

Anyone who is not a councillor of the draft's ward while it is shared (another ward's councillor, the
group, officers, the panel) gets 404, so the pages never say a draft exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms.councillor import InterestForm
from ..forms.partnership import CommentForm, IdeaForm, SupportForm
from ..models import Application, CouncillorIdea
from ..selectors.councillors import councillor_record
from ..selectors.partnership import (
    bids_waiting_for,
    comment_threads,
    councillor_ideas,
    draft_councillor,
    draft_interest,
    pots_with_paid,
    shared_draft,
    shared_drafts,
    support_for,
    ward_achievements,
    ward_reports,
)


def councillor_or_404(request):
    record = councillor_record(request.user)
    if record is None:
        raise Http404("Only ward councillors have these pages.")
    return record


def _draft_or_404(request, pk: int):
    application = shared_draft(pk)
    record = draft_councillor(request.user, application) if application is not None else None
    if record is None:
        raise Http404("No such draft shared with you.")
    return application, record


@login_required
def home(request):
    councillor = councillor_or_404(request)
    return render(
        request,
        "grants/councillor/home.html",
        {
            "councillor": councillor,
            "waiting": bids_waiting_for(councillor),
            "drafts": list(shared_drafts(councillor)),
            "ideas": list(councillor_ideas(councillor)),
            "pots": list(pots_with_paid(councillor)),
            "reports": ward_reports(councillor),
            "achieved": ward_achievements(councillor),
            "nav": "home",
        },
    )


@login_required
def drafts(request):
    councillor = councillor_or_404(request)
    return render(
        request,
        "grants/councillor/drafts.html",
        {"councillor": councillor, "drafts": list(shared_drafts(councillor)), "nav": "drafts"},
    )


def _draft_context(application: Application, record, **extra) -> dict:
    support = support_for(application)
    return {
        "application": application,
        "threads": comment_threads(application),
        "support": support,
        "i_support": any(s.councillor_id == record.pk for s in support),
        "has_interest": draft_interest(record, application),
        "lines": list(application.budget_lines.all()),
        "nav": "drafts",
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def draft(request, pk: int):
    """The shared draft, read-only, with the comments and their answers; the comment form posts here."""
    application, record = _draft_or_404(request, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_comment_add(application=application, councillor=request.user, text=form.cleaned_data["text"])
        except services.WorkflowError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, "Your comment has been added. We have emailed the group.")
            return redirect("grants:councillor_draft", pk=pk)
    return render(request, "grants/councillor/draft.html", _draft_context(application, record, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def support(request, pk: int):
    application, record = _draft_or_404(request, pk)
    form = SupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_support(application=application, councillor=request.user, note=form.cleaned_data["note"])
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"You support {application.title}. We have told the group.")
            return redirect("grants:councillor_draft", pk=pk)
    return render(
        request, "grants/councillor/support.html", {"application": application, "form": form, "nav": "drafts"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_interest_page(request, pk: int):
    application, record = _draft_or_404(request, pk)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_interest_declare(
                application=application,
                councillor=request.user,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"You declared an interest in {application.title}.")
            return redirect("grants:councillor_draft", pk=pk)
    return render(
        request, "grants/councillor/draft_interest.html", {"application": application, "form": form, "nav": "drafts"}
    )


@login_required
def ideas(request):
    councillor = councillor_or_404(request)
    return render(
        request,
        "grants/councillor/ideas.html",
        {"councillor": councillor, "ideas": list(councillor_ideas(councillor)), "nav": "ideas"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_new(request):
    councillor = councillor_or_404(request)
    form = IdeaForm(request.POST or None, wards=councillor.wards.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_post(
                councillor=request.user,
                ward=data["ward"],
                title=data["title"],
                description=data["description"],
                place=data["place"],
            )
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Your idea “{data['title']}” is posted. Groups in {data['ward'].name} can see it."
            )
            return redirect("grants:councillor_ideas")
    return render(request, "grants/councillor/idea_new.html", {"form": form, "nav": "ideas"})


@login_required
@require_POST
def idea_close(request, pk: int):
    councillor = councillor_or_404(request)
    idea = get_object_or_404(CouncillorIdea, pk=pk, councillor=councillor)
    try:
        services.idea_close(idea=idea, councillor=request.user)
    except services.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{idea.title}” is closed. Groups no longer see it.")
    return redirect("grants:councillor_ideas")
