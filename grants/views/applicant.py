"""Community groups' pages: their organisation, the eligibility check, the application task list,
documents, sending, the dashboard, answering questions and withdrawing.

Every lookup is scoped to the signed-in person's organisations, so someone else's application,
organisation or document answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import services
from ..financial_year import financial_year_of
from ..forms import applicant as forms
from ..models import Application, BudgetLine, Document, Membership, Organisation, Round, Status, StatusChange, Strand
from ..workflow import available_actions

ACTING_ORGANISATION = "acting_organisation_id"
SECTION_ORDER = ["group", "project", "where", "budget", "outcomes", "documents"]
SECTION_TITLES = {
    "group": "About your group",
    "project": "Your project",
    "where": "Where and which priorities",
    "budget": "Budget",
    "outcomes": "Outcomes and who will benefit",
    "documents": "Documents",
}

# What each status means to a group, and what it needs to do next.
STATUS_WORDS = {
    Status.DRAFT: ("Not sent yet", "Finish your application and send it before the round closes."),
    Status.SUBMITTED: ("Sent", "Nothing for now. A council officer will check your application soon."),
    Status.IN_ASSESSMENT: ("Being assessed", "Nothing for now. An officer is assessing your application."),
    Status.INFO_REQUESTED: ("We need more information", "Answer the officer's question."),
    Status.AWAITING_DECISION: ("Waiting for a decision", "Nothing for now. We will email you with the decision."),
    Status.APPROVED: ("Approved", "We will send you a grant offer to accept."),
    Status.DECLINED: ("Not approved", "Nothing. You can read why and apply again in a later round."),
    Status.WITHDRAWN: ("Withdrawn", "Nothing."),
    Status.GRANT_ACTIVE: ("Grant running", "Spend the grant as agreed and send your reports when they are due."),
    Status.COMPLETED: ("Grant finished", "Nothing. Thank you."),
}
STATUS_TAGS = {
    Status.DRAFT: "govuk-tag--grey",
    Status.INFO_REQUESTED: "govuk-tag--orange",
    Status.APPROVED: "govuk-tag--green",
    Status.GRANT_ACTIVE: "govuk-tag--green",
    Status.DECLINED: "govuk-tag--red",
    Status.WITHDRAWN: "govuk-tag--grey",
}


def _describe(application: Application) -> Application:
    words, next_step = STATUS_WORDS[application.status]
    if application.status == Status.DRAFT and not application.round.is_open():
        next_step = "Nothing: this round has closed, so the draft cannot be sent. We have kept your answers."
    application.status_words, application.next_step = words, next_step
    application.status_tag = STATUS_TAGS.get(application.status, "govuk-tag--blue")
    return application


# ---------------------------------------------------------------- organisations


def _memberships(user):
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def acting_organisation(request) -> Organisation | None:
    """The organisation the person is acting for: the one they chose, else their first."""
    memberships = list(_memberships(request.user))
    chosen = request.session.get(ACTING_ORGANISATION)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership.organisation
    return memberships[0].organisation if memberships else None


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


# ---------------------------------------------------------------- starting an application


def _open_round(strand: Strand) -> Round | None:
    return Round.objects.open().filter(strand=strand).order_by("closes_at").first()


@login_required
def eligibility(request, slug):
    strand = get_object_or_404(Strand, slug=slug)
    round_ = _open_round(strand)
    if round_ is None:
        return redirect("grants:round_closed", slug=slug)
    organisation = acting_organisation(request)
    if organisation is None:
        messages.info(request, "Tell us about your group first. You only need to do this once.")
        return redirect(reverse("grants:organisation_create") + "?next=" + request.path)
    initial = {"org_type": organisation.org_type, "ward": organisation.ward_id}
    form = forms.EligibilityForm(request.POST if request.method == "POST" else None, strand=strand, initial=initial)
    if request.method == "POST" and form.is_valid():
        reasons = form.reasons()
        if reasons:
            return render(
                request, "grants/apply/not_eligible.html", {"strand": strand, "reasons": reasons, "round": round_}
            )
        request.session[f"eligible_{strand.pk}"] = {
            "organisation": organisation.pk,
            "ward": form.cleaned_data["ward"].pk if form.cleaned_data.get("ward") else None,
            "priorities": [p.pk for p in form.cleaned_data.get("priorities", [])],
        }
        return redirect("grants:start", slug=slug)
    return render(
        request,
        "grants/apply/eligibility.html",
        {"form": form, "strand": strand, "round": round_, "organisation": organisation},
    )


@login_required
def start(request, slug):
    strand = get_object_or_404(Strand, slug=slug)
    round_ = _open_round(strand)
    if round_ is None:
        return redirect("grants:round_closed", slug=slug)
    answers = request.session.get(f"eligible_{strand.pk}")
    organisation = acting_organisation(request)
    if not answers or organisation is None or answers["organisation"] != organisation.pk:
        return redirect("grants:eligibility", slug=slug)
    form = forms.StartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        application = services.application_start(
            organisation=organisation,
            round=round_,
            title=form.cleaned_data["title"],
            actor=request.user,
            ward_id=answers["ward"],
            priorities=answers["priorities"],
        )
        del request.session[f"eligible_{strand.pk}"]
        return redirect("grants:application", pk=application.pk)
    return render(
        request,
        "grants/apply/start.html",
        {"form": form, "strand": strand, "round": round_, "organisation": organisation},
    )


# ---------------------------------------------------------------- the task list


def _my_applications(user):
    return Application.objects.filter(organisation__memberships__user=user)


def _my_application(request, pk, *, draft=False) -> Application:
    application = get_object_or_404(
        _my_applications(request.user).select_related("organisation", "round", "strand", "ward"), pk=pk
    )
    if draft and application.status != Status.DRAFT:
        raise _NotDraft(application)
    return application


class _NotDraft(Exception):
    def __init__(self, application):
        self.application = application


def draft_only(view):
    """Pages that change a draft: once it has been sent, show it instead."""

    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except _NotDraft as sent:
            messages.info(request, "This application has been sent, so it can no longer be changed.")
            return redirect("grants:application", pk=sent.application.pk)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_required(wrapper)


@login_required
def dashboard(request):
    organisation = acting_organisation(request)
    if organisation is None:
        return render(request, "grants/dashboard.html", {"organisation": None, "nav_current": "applications"})
    applications = [
        _describe(application)
        for application in Application.objects.filter(organisation=organisation)
        .select_related("strand", "round")
        .order_by("-created_at")
    ]
    strands = Strand.objects.order_by("kind")
    return render(
        request,
        "grants/dashboard.html",
        {
            "organisation": organisation,
            "applications": applications,
            "strands": strands,
            "other_organisations": Membership.objects.filter(user=request.user).count() > 1,
            "now": timezone.now(),
            "nav_current": "applications",
        },
    )


@login_required
def application(request, pk):
    """A draft's task list, or a sent application's read-only view."""
    application = get_object_or_404(
        _my_applications(request.user)
        .select_related("organisation", "round", "strand", "ward")
        .prefetch_related("documents", "priorities", "budget_lines"),
        pk=pk,
    )
    if application.status == Status.DRAFT:
        progress = services.application_progress(application)
        tasks = [
            {
                "key": key,
                "title": SECTION_TITLES[key]
                if key != "where" or application.strand.kind == Strand.Kind.PRIORITIES
                else "Where your project is",
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
                "nav_current": "applications",
            },
        )
    _describe(application)
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
            "nav_current": "applications",
        },
    )


def _after_save(request, application, next_section):
    if request.POST.get("save") == "later":
        return redirect("grants:saved", pk=application.pk)
    if next_section:
        return redirect(f"grants:section_{next_section}", pk=application.pk)
    return redirect("grants:application", pk=application.pk)


def _next(section):
    index = SECTION_ORDER.index(section)
    return SECTION_ORDER[index + 1] if index + 1 < len(SECTION_ORDER) else None


def _section(request, pk, form_class, key, template="grants/apply/section.html", extra=None):
    application = _my_application(request, pk, draft=True)
    strict = request.POST.get("save") != "later"
    form = form_class(request.POST if request.method == "POST" else None, instance=application, strict=strict)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        priorities = data.pop("priorities", None)
        services.application_update(application=application, actor=request.user, priorities=priorities, **data)
        return _after_save(request, application, _next(key) if key != "documents" else None)
    context = {
        "application": application,
        "form": form,
        "heading": SECTION_TITLES[key],
        "key": key,
        "nav_current": "applications",
        **(extra(application) if extra else {}),
    }
    return render(request, template, context)


@draft_only
def section_group(request, pk):
    application = _my_application(request, pk, draft=True)
    if request.method == "POST":
        return _after_save(request, application, "project")
    return render(
        request,
        "grants/apply/section_group.html",
        {"application": application, "organisation": application.organisation, "nav_current": "applications"},
    )


@draft_only
def section_project(request, pk):
    return _section(request, pk, forms.ProjectForm, "project")


@draft_only
def section_where(request, pk):
    return _section(request, pk, forms.WhereForm, "where")


@draft_only
def section_outcomes(request, pk):
    return _section(request, pk, forms.OutcomesForm, "outcomes")


def _budget_context(application):
    lines = list(application.budget_lines.all())
    total, core = services.budget_totals(application)
    return {"lines": lines, "total": total, "core": core}


@draft_only
def section_budget(request, pk):
    return _section(request, pk, forms.AmountForm, "budget", "grants/apply/budget.html", _budget_context)


def _financial_years(application) -> list[int]:
    start = application.start_date or timezone.localdate()
    first = financial_year_of(start)
    years = max(1, -(-application.strand.maximum_duration_months // 12))
    return list(range(first, first + years + 1))


@draft_only
def budget_line(request, pk, line_pk=None):
    application = _my_application(request, pk, draft=True)
    line = get_object_or_404(BudgetLine, pk=line_pk, application=application) if line_pk else None
    form = forms.BudgetLineForm(
        request.POST if request.method == "POST" else None, instance=line, years=_financial_years(application)
    )
    if request.method == "POST" and form.is_valid():
        services.budget_line_save(application=application, line=line, **form.cleaned_data)
        messages.success(request, "The budget item has been saved.")
        return redirect("grants:section_budget", pk=application.pk)
    return render(
        request,
        "grants/apply/budget_line.html",
        {"application": application, "form": form, "line": line, "nav_current": "applications"},
    )


@draft_only
def budget_line_remove(request, pk, line_pk):
    application = _my_application(request, pk, draft=True)
    line = get_object_or_404(BudgetLine, pk=line_pk, application=application)
    if request.method == "POST":
        services.budget_line_remove(application=application, line=line)
        messages.success(request, f"“{line.item}” has been removed from your budget.")
        return redirect("grants:section_budget", pk=application.pk)
    return render(request, "grants/apply/budget_line_remove.html", {"application": application, "line": line})


@draft_only
def section_documents(request, pk):
    application = _my_application(request, pk, draft=True)
    save = request.POST.get("save")
    strict = save != "later"
    # A file chosen and then "Save and continue" (or "later") pressed is uploaded too, not dropped.
    uploading = request.method == "POST" and (save == "upload" or bool(request.FILES.get("d-file")))
    question = forms.SafeguardingForm(
        request.POST if request.method == "POST" else None,
        instance=application,
        strict=strict and save != "upload",
        prefix="q",
    )
    upload = forms.DocumentForm(request.POST if uploading else None, request.FILES if uploading else None, prefix="d")
    if request.method == "POST" and question.is_valid():
        services.application_update(application=application, actor=request.user, **question.cleaned_data)
        uploaded = uploading and upload.is_valid()
        if uploaded:
            services.document_add(
                application=application,
                kind=upload.cleaned_data["kind"],
                uploaded=upload.cleaned_data["file"],
                actor=request.user,
            )
            messages.success(request, f"{upload.cleaned_data['file'].name} has been uploaded.")
            if save == "upload":
                return redirect("grants:section_documents", pk=application.pk)
        if uploaded or not uploading:
            progress = services.application_progress(application)
            missing = [p for p in progress.problems["documents"] if p.startswith("upload")]
            if not (strict and missing):
                return _after_save(request, application, None)
            for problem in missing:
                upload.add_error(None, problem[0].upper() + problem[1:])
    documents = list(application.documents.all())
    return render(
        request,
        "grants/apply/documents.html",
        {
            "application": application,
            "question": question,
            "upload": upload,
            "documents": documents,
            "required": [Document.Kind(kind).label for kind in services.required_document_kinds(application)],
            "has_errors": bool(question.errors or upload.errors),
            "nav_current": "applications",
        },
    )


@draft_only
def document_remove(request, pk, document_pk):
    application = _my_application(request, pk, draft=True)
    document = get_object_or_404(Document, pk=document_pk, application=application)
    if request.method == "POST":
        services.document_remove(document=document)
        messages.success(request, f"{document.original_name} has been removed.")
        return redirect("grants:section_documents", pk=application.pk)
    return render(request, "grants/apply/document_remove.html", {"application": application, "document": document})


@login_required
def document_download(request, pk):
    """A document, to the organisation's members and to officers only; anyone else gets 404."""
    document = get_object_or_404(Document.objects.select_related("application"), pk=pk)
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


@draft_only
def saved(request, pk):
    application = _my_application(request, pk, draft=True)
    return render(request, "grants/apply/saved.html", {"application": application})


# ---------------------------------------------------------------- check, send, confirmation


def _summary_context(application):
    return {
        "lines": list(application.budget_lines.all()),
        "documents": list(application.documents.all()),
        "priorities": list(application.priorities.all()),
    }


@draft_only
def check_answers(request, pk):
    application = _my_application(request, pk, draft=True)
    progress = services.application_progress(application)
    form = forms.DeclarationForm(request.POST if request.method == "POST" else None)
    problems = progress.problems["round"] + progress.all_problems
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(application=application, actor=request.user)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            return redirect("grants:sent", pk=application.pk)
    return render(
        request,
        "grants/apply/check.html",
        {
            "application": application,
            "form": form,
            "problems": [p[0].upper() + p[1:] for p in problems],
            "nav_current": "applications",
            **_summary_context(application),
        },
    )


@login_required
def sent(request, pk):
    application = _my_application(request, pk)
    if application.status == Status.DRAFT:
        return redirect("grants:application", pk=application.pk)
    return render(request, "grants/apply/sent.html", {"application": application})


# ---------------------------------------------------------------- after sending


@login_required
def answer_info(request, pk):
    application = _my_application(request, pk)
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
    application = _my_application(request, pk)
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
