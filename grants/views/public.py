from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Strand
from ..public_cache import fund_page
from ..selectors.partnership import open_ideas
from ..selectors.public import strand_summaries


def home(request):
    def build():
        return {"content": render_to_string("grants/_home_content.html", {"strands": strand_summaries()})}

    return render(request, "grants/home.html", fund_page("home", (), build))


def strand_page(request, slug):
    """What a strand funds, who can apply, its limits and rounds, and what happens after applying."""

    def build():
        strand = get_object_or_404(strand_summaries().select_related("fund"), slug=slug)
        next_round = strand.rounds.filter(opens_at__gt=timezone.now()).order_by("opens_at").first()
        ideas = list(open_ideas()) if strand.kind == Strand.Kind.ENVIRONMENTAL else []
        context = {"strand": strand, "next_round": next_round, "ideas": ideas, "idea_strand": strand}
        return {"title": strand.name, "content": render_to_string("grants/public/_strand_content.html", context)}

    return render(request, "grants/public/strand.html", fund_page("strand", (slug,), build))


def round_closed(request, slug):
    strand = get_object_or_404(strand_summaries(), slug=slug)
    next_round = strand.rounds.filter(opens_at__gt=timezone.now()).order_by("opens_at").first()
    return render(request, "grants/public/round_closed.html", {"strand": strand, "next_round": next_round})
