from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..selectors.public import strand_summaries


def home(request):
    return render(request, "grants/home.html", {"strands": strand_summaries()})


def strand_page(request, slug):
    """What a strand funds, who can apply, its limits and rounds, and what happens after applying."""
    strand = get_object_or_404(strand_summaries().select_related("fund"), slug=slug)
    next_round = strand.rounds.filter(opens_at__gt=timezone.now()).order_by("opens_at").first()
    return render(request, "grants/public/strand.html", {"strand": strand, "next_round": next_round})


def round_closed(request, slug):
    strand = get_object_or_404(strand_summaries(), slug=slug)
    next_round = strand.rounds.filter(opens_at__gt=timezone.now()).order_by("opens_at").first()
    return render(request, "grants/public/round_closed.html", {"strand": strand, "next_round": next_round})
