"""A group's draft and its ward councillors: "Ask your ward councillors for their views" on the task
list. Share the draft, read the councillors' comments and answer them, see their support, stop sharing.
Only the group's members reach it (anyone else gets 404), and only for an environmental draft."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ... import services
from ...forms.partnership import CommentForm
from ...models import DraftComment, DraftShare
from ...selectors.councillors import eligible_councillors
from ...selectors.partnership import comment_threads, sharable, support_for
from .common import draft_only, my_application


def _sharable_draft(request, pk):
    application = my_application(request, pk, draft=True)
    if not sharable(application):
        raise Http404("Only environmental drafts with their ward are shared with ward councillors.")
    return application


def _reply_url(application, comment) -> str:
    return reverse("grants:draft_comment_reply", args=[application.pk, comment.pk])


def _page(request, application, *, reply_forms=None, status=200):
    share = DraftShare.objects.filter(application=application).first()
    threads = comment_threads(application)
    reply_forms = reply_forms or {}
    for thread in threads:
        thread.reply_form = reply_forms.get(
            thread.pk,
            CommentForm(
                prefix=f"c{thread.pk}",
                label="Your answer",
                button="Send your answer",
                action=_reply_url(application, thread),
            ),
        )
    return render(
        request,
        "grants/apply/councillors.html",
        {
            "application": application,
            "share": share,
            "threads": threads,
            "support": support_for(application),
            "councillors": list(eligible_councillors(application).select_related("user").order_by("user__full_name")),
            "has_errors": bool(reply_forms),
            "nav_current": "applications",
        },
        status=status,
    )


@draft_only
@require_http_methods(["GET", "POST"])
def councillors(request, pk):
    """The page, and its two buttons: share the draft, or stop sharing it."""
    application = _sharable_draft(request, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "stop":
                services.draft_share_stop(application=application, actor=request.user)
                messages.success(request, "You have stopped sharing this draft. Your councillors can no longer see it.")
            else:
                services.draft_share(application=application, actor=request.user)
                messages.success(request, "Your draft is shared. We have emailed your ward councillors.")
        except services.WorkflowError as error:
            messages.error(request, error.message)
        return redirect("grants:draft_councillors", pk=application.pk)
    return _page(request, application)


@draft_only
@require_POST
def comment_reply(request, pk, comment_pk):
    application = _sharable_draft(request, pk)
    comment = get_object_or_404(DraftComment, pk=comment_pk, application=application, reply_to__isnull=True)
    form = CommentForm(
        request.POST,
        prefix=f"c{comment.pk}",
        label="Your answer",
        button="Send your answer",
        action=_reply_url(application, comment),
    )
    if form.is_valid():
        try:
            services.draft_comment_reply(comment=comment, actor=request.user, text=form.cleaned_data["text"])
        except services.WorkflowError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, "Your answer has been sent to the councillor.")
            return redirect("grants:draft_councillors", pk=application.pk)
    return _page(request, application, reply_forms={comment.pk: form})
