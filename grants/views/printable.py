"""A group's own printable copy of the application it sent (issue 20). Officers have theirs in admin."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Application


@login_required
def application_print(request, pk):
    """What the group sent, on one page to print or save as a PDF. Only members of the group see it, and
    only once it has been sent: anything else is a 404."""
    application = get_object_or_404(
        Application.objects.submitted()
        .filter(organisation__memberships__user=request.user)
        .select_related("organisation", "round", "strand", "ward")
        .prefetch_related("priorities", "budget_lines", "documents")
        .distinct(),
        pk=pk,
    )
    return render(request, "grants/apply/print.html", {"application": application, "now": timezone.now()})
