"""A person's own data: download it, delete their account, answer the optional equality questions."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from grants.models import Application, Status

from .forms import ConfirmDeleteForm, EqualityForm
from .models import EqualityResponse
from .selectors import account_deletion_refusal
from .services.equality import ANSWER_FIELDS, EqualityRefused, equality_response_save, equality_response_withdraw
from .services.erasure import ErasureRefused, user_erase
from .services.subject_access import SECTIONS, subject_access_export


def export_response(*, user, requested_by) -> FileResponse:
    archive = subject_access_export(user=user, requested_by=requested_by)
    filename = f"knowsley-better-together-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def your_data(request):
    if request.method == "POST":
        return export_response(user=request.user, requested_by=request.user)
    return render(request, "privacy/your_data.html", {"sections": SECTIONS})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    refusal = account_deletion_refusal(request.user)
    form = ConfirmDeleteForm(request.POST if request.method == "POST" and refusal is None else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            user_erase(user=request.user, actor=request.user, why="deleted by its owner")
        except ErasureRefused as refused:
            refusal = refused.refusal
        else:
            logout(request)
            return redirect("privacy:account_deleted")
    return render(request, "privacy/delete_account.html", {"form": form, "refusal": refusal})


def account_deleted(request):
    return render(request, "privacy/account_deleted.html")


def _sent_application(request, pk) -> Application:
    """A sent application of one of the user's groups; anyone else's is a 404."""
    application = get_object_or_404(Application.objects.for_user(request.user).distinct(), pk=pk)
    if application.status == Status.DRAFT:
        raise Http404("Not sent yet")
    return application


@login_required
@require_http_methods(["GET", "POST"])
def equality(request, pk):
    application = _sent_application(request, pk)
    existing = EqualityResponse.objects.filter(application=application).first()
    initial = {name: getattr(existing, name) for name in ANSWER_FIELDS} if existing else None
    form = EqualityForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answers = {name: form.cleaned_data[name] for name in ANSWER_FIELDS}
        try:
            equality_response_save(
                application=application, user=request.user, consent=form.cleaned_data["consent"], answers=answers
            )
        except EqualityRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Thank you. We have saved your answers.")
            return redirect("grants:dashboard")
    return render(request, "privacy/equality.html", {"form": form, "application": application, "answered": existing})


@login_required
@require_POST
def equality_withdraw(request, pk):
    """Consent withdrawn: the answers are deleted."""
    application = _sent_application(request, pk)
    equality_response_withdraw(application=application)
    messages.success(request, "We have deleted your equality monitoring answers.")
    return redirect("grants:dashboard")
