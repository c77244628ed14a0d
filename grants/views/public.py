from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Strand
from ..selectors.partnership import open_ideas
from ..selectors.public import strand_summaries


def home(request):
    return render(request, "grants/home.html", {"strands": strand_summaries()})


def strand_page(request, slug):
    """What a strand funds, who can apply, its limits and rounds, and what happens after applying."""
    strand = get_object_or_404(strand_summaries().select_related("fund"), slug=slug)
    next_round = strand.rounds.filter(opens_at__gt=timezone.now()).order_by("opens_at").first()
    ideas = list(open_ideas()) if strand.kind == Strand.Kind.ENVIRONMENTAL else []
    return render(
        request,
        "grants/public/strand.html",
        {"strand": strand, "next_round": next_round, "ideas": ideas, "idea_strand": strand},
    )


def round_closed(request, slug):
    strand = get_object_or_404(strand_summaries(), slug=slug)
    next_round = strand.rounds.filter(opens_at__gt=timezone.now()).order_by("opens_at").first()
    return render(request, "grants/public/round_closed.html", {"strand": strand, "next_round": next_round})
