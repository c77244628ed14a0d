"""Reads for the public pages."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ..models import Round, Strand


def strand_summaries(now=None) -> QuerySet[Strand]:
    """Strands with their open rounds (as `open_rounds`), for the public fund pages."""
    now = now or timezone.now()
    return Strand.objects.prefetch_related(
        Prefetch("rounds", queryset=Round.objects.open(now), to_attr="open_rounds")
    ).order_by("kind")
