"""Applying: the eligibility check, starting a draft, the task list's sections, budget lines,
documents, saving for later, and checking the answers before sending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ... import services
from ...financial_year import financial_year_of
from ...forms import applicant as forms
from ...models import BudgetLine, CouncillorIdea, Document, Round, Strand
from .common import SECTION_ORDER, draft_only, my_application, promises_context, section_title
from .organisations import acting_organisation

# ---------------------------------------------------------------- starting an application


def _open_round(strand: Strand) -> Round | None:
    return Round.objects.open().filter(strand=strand).order_by("closes_at").first()


def _idea_from(request, strand: Strand) -> CouncillorIdea | None:
    """The open idea a group chose to start this bid from (`?idea=`), remembered until it starts."""
    key = f"idea_{strand.pk}"
    if request.method == "GET" and "idea" in request.GET:
        idea_pk = request.GET["idea"]
        # Only plain digits, and within a database integer: anything else is no idea at all.
        valid = idea_pk.isascii() and idea_pk.isdigit() and len(idea_pk) < 10
        request.session[key] = int(idea_pk) if valid and strand.councillors_decide else None
    pk = request.session.get(key)
    return (
        CouncillorIdea.objects.filter(pk=pk, status=CouncillorIdea.Status.OPEN).select_related("ward").first()
        if pk
        else None
    )


def _link_idea(request, strand: Strand, application) -> None:
    idea = _idea_from(request, strand)
    request.session.pop(f"idea_{strand.pk}", None)
    if idea is None:
        return
    try:
        services.application_link_idea(application=application, idea=idea, actor=request.user)
    except services.WorkflowError as error:
        messages.info(request, f"Your draft is not linked to the idea “{idea.title}”: {error.message}")
    else:
        messages.success(
            request, f"Your draft is linked to {idea.councillor}'s idea “{idea.title}”. We have told them."
        )


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
    idea = _idea_from(request, strand)
    if idea is not None:
        initial["ward"] = idea.ward_id
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
        _link_idea(request, strand, application)
        return redirect("grants:application", pk=application.pk)
    return render(
        request,
        "grants/apply/start.html",
        {"form": form, "strand": strand, "round": round_, "organisation": organisation},
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
    application = my_application(request, pk, draft=True)
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
        "heading": section_title(key, application),
        "key": key,
        "nav_current": "applications",
        **(extra(application) if extra else {}),
    }
    return render(request, template, context)


@draft_only
def section_group(request, pk):
    application = my_application(request, pk, draft=True)
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
    application = my_application(request, pk, draft=True)
    strict = request.POST.get("save") != "later"
    form = forms.OutcomesForm(request.POST if request.method == "POST" else None, instance=application, strict=strict)
    if request.method == "POST" and form.is_valid():
        targets, principles = form.promises()
        services.application_outcomes_save(
            application=application, actor=request.user, targets=targets, principles=principles, **form.cleaned_data
        )
        return _after_save(request, application, _next("outcomes"))
    context = {
        "application": application,
        "form": form,
        "heading": section_title("outcomes", application),
        "key": "outcomes",
        "nav_current": "applications",
    }
    return render(request, "grants/apply/section.html", context)


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
    last = financial_year_of(application.end_date) if application.end_date else first + years
    return list(range(first, max(first, last) + 1))


@draft_only
def budget_line(request, pk, line_pk=None):
    application = my_application(request, pk, draft=True)
    line = get_object_or_404(BudgetLine, pk=line_pk, application=application) if line_pk else None
    form = forms.BudgetLineForm(
        request.POST if request.method == "POST" else None,
        instance=line or BudgetLine(application=application),
        years=_financial_years(application),
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
    application = my_application(request, pk, draft=True)
    line = get_object_or_404(BudgetLine, pk=line_pk, application=application)
    if request.method == "POST":
        services.budget_line_remove(application=application, line=line)
        messages.success(request, f"“{line.item}” has been removed from your budget.")
        return redirect("grants:section_budget", pk=application.pk)
    return render(request, "grants/apply/budget_line_remove.html", {"application": application, "line": line})


@draft_only
def section_documents(request, pk):
    application = my_application(request, pk, draft=True)
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
    application = my_application(request, pk, draft=True)
    document = get_object_or_404(Document, pk=document_pk, application=application)
    if request.method == "POST":
        services.document_remove(document=document)
        messages.success(request, f"{document.original_name} has been removed.")
        return redirect("grants:section_documents", pk=application.pk)
    return render(request, "grants/apply/document_remove.html", {"application": application, "document": document})


@draft_only
def saved(request, pk):
    application = my_application(request, pk, draft=True)
    return render(request, "grants/apply/saved.html", {"application": application})


# ---------------------------------------------------------------- check, send, confirmation


def _summary_context(application):
    return {
        "lines": list(application.budget_lines.all()),
        "documents": list(application.documents.all()),
        "priorities": list(application.priorities.all()),
        **promises_context(application),
    }


@draft_only
def check_answers(request, pk):
    application = my_application(request, pk, draft=True)
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
