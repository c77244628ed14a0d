"""Deals: the council's informal, co-produced agreements with residents, groups, partners and businesses.

A deal has a shared goal, its parties, and what each party commits to do, with dates. A commitment with
no party is one that everybody will do together."""

from .deals import Commitment, CommitmentQuerySet, Deal, DealQuerySet, DealsSettings, Party, PartyQuerySet, Principle
from .partners import PartnerInvitation
from .progress import GovernmentAsk, Measure, ProgressUpdate, Target, TargetQuerySet, TargetUpdate, evidence_upload_to

__all__ = [
    "Commitment",
    "CommitmentQuerySet",
    "Deal",
    "DealQuerySet",
    "DealsSettings",
    "GovernmentAsk",
    "Measure",
    "PartnerInvitation",
    "Party",
    "PartyQuerySet",
    "Principle",
    "ProgressUpdate",
    "Target",
    "TargetQuerySet",
    "TargetUpdate",
    "evidence_upload_to",
]
