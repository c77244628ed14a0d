"""Deals, their parties and their commitments: what the council and its partners agree to do together,
and the figures officers set for the deals pages."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from grants.models import Application, Organisation, Priority, Ward
from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField


class Principle(models.Model):
    """One of Knowsley's seven co-operative principles. Seeded by a data migration; officers may edit."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True, help_text="Used in the public page's address when filtering by it.")
    description = LimitedTextField(blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "co-operative principle"

    def __str__(self):
        return self.name


# Addresses under /deals/ that other pages use (deals/urls.py): a deal slugged so would be hidden.
RESERVED_SLUGS = frozenset({"partner"})


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "The address “%(value)s” is used by another page. Choose another, like “%(value)s-deal”.",
            code="reserved",
            params={"value": value},
        )


class DealQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def live(self):
        """Deals that are agreed or under way: the ones whose reviews and commitments still matter."""
        return self.filter(status__in=Deal.LIVE_STATUSES)

    def review_due_between(self, start: dt.date, end: dt.date):
        """Live deals whose review date falls from `start` to `end`, both included."""
        return self.live().filter(review_date__range=(start, end))

    def review_overdue(self, today: dt.date):
        return self.live().filter(review_date__lt=today)

    def with_overdue_commitments(self, today: dt.date):
        return self.filter(Exists(Commitment.objects.overdue(today).filter(deal=OuterRef("pk"))))

    def without_overdue_commitments(self, today: dt.date):
        return self.exclude(Exists(Commitment.objects.overdue(today).filter(deal=OuterRef("pk"))))

    def with_commitment_counts(self, today: dt.date):
        """Annotates `commitment_count`, `done_count` and `overdue_count` (by the one status rule)."""
        overdue = Commitment.objects.overdue(today).filter(deal=OuterRef("pk")).values("deal")
        return self.annotate(
            commitment_count=Count("commitments", filter=~Q(commitments__status=Commitment.Status.DROPPED)),
            done_count=Count("commitments", filter=Q(commitments__status=Commitment.Status.DONE)),
            overdue_count=Coalesce(Subquery(overdue.annotate(n=Count("pk")).values("n")), 0),
        )


class Deal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        ACTIVE = "active", "Under way"
        COMPLETED = "completed", "Completed"
        LAPSED = "lapsed", "Lapsed"

    LIVE_STATUSES = (Status.AGREED, Status.ACTIVE)

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text="The deal's public address: /deals/<slug>/.",
    )
    shared_goal = LimitedTextField(
        "shared goal",
        max_length=NOTE_MAX_CHARACTERS,
        help_text="What everyone in the deal is working towards, in a line.",
    )
    description = LimitedTextField(blank=True, help_text="The background, for the public page.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    start_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(
        null=True, blank=True, help_text="When the parties next look at how the deal is going."
    )
    end_date = models.DateField(null=True, blank=True)
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_deals",
        limit_choices_to={"is_staff": True},
        help_text="Gets the review reminders.",
    )
    principles = models.ManyToManyField(
        Principle, blank=True, related_name="deals", verbose_name="co-operative principles"
    )
    priorities = models.ManyToManyField(Priority, blank=True, related_name="deals", verbose_name="council priorities")
    wards = models.ManyToManyField(
        Ward, blank=True, related_name="deals", help_text="Leave empty for a deal across the borough."
    )
    applications = models.ManyToManyField(
        Application, blank=True, related_name="deals", verbose_name="related grant applications"
    )
    published = models.BooleanField(default=False, help_text="Published deals are shown on the public site.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["published", "title"], name="deal_published_title_idx"),
            # Review reminders look only at live deals by review date.
            models.Index(
                fields=["review_date"],
                name="deal_live_review_idx",
                condition=Q(status__in=["agreed", "active"]),
            ),
            models.Index(fields=["lead_officer", "review_date"], name="deal_officer_review_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="deal_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deals:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})


class PartyQuerySet(models.QuerySet):
    def for_contact(self, user):
        """The parties this person accepted an invitation to report for."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(invitations__user=user).distinct()

    def businesses_in_published_deals(self):
        return self.filter(kind=Party.Kind.BUSINESS, deal__published=True)


class Party(models.Model):
    """Someone who takes part in one deal, with the person to contact about their commitments."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "The council"
        RESIDENTS = "residents", "Residents or community group"
        VOLUNTARY = "voluntary", "Voluntary or faith organisation"
        PARTNER = "partner", "Strategic partner"
        BUSINESS = "business", "Business"
        SCHOOL = "school", "School or college"
        GOVERNMENT = "government", "Government"

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deal_parties",
        help_text="If the party is a group registered for grants.",
    )
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True, help_text="Not shown to the public.")

    history = HistoricalRecords()
    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["deal", "name"]
        verbose_name_plural = "parties"
        constraints = [models.UniqueConstraint(fields=["deal", "name"], name="party_name_unique_per_deal")]

    def __str__(self):
        return self.name

    @property
    def is_council(self) -> bool:
        return self.kind == self.Kind.COUNCIL


class CommitmentQuerySet(models.QuerySet):
    def open(self):
        """Commitments still to be met: not started, on track or at risk."""
        return self.filter(status__in=Commitment.OPEN_STATUSES)

    def due_between(self, start: dt.date, end: dt.date):
        """Due from `start` to `end`, both included. Chain after `open()` for reminders."""
        return self.filter(due_date__range=(start, end))

    def overdue(self, today: dt.date):
        """Commitments overdue by the one status rule (deals/progress.py): open, and past their due date or
        with a target past its date and not reached."""
        from ..progress import commitment_overdue_q

        return self.filter(commitment_overdue_q(today))

    def in_live_deals(self):
        return self.filter(deal__status__in=Deal.LIVE_STATUSES)

    def with_people(self):
        """With the deal, its lead officer and the party loaded, as reminder emails need them."""
        return self.select_related("deal", "deal__lead_officer", "party")


class Commitment(models.Model):
    """What one party (or, with no party, everyone together) will do for a deal, and by when."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK)

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="commitments")
    party = models.ForeignKey(
        Party,
        # RESTRICT, not PROTECT: a party with commitments can't be removed alone, but a deal can be deleted whole.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="commitments",
        help_text="Leave empty for something all the parties will do together.",
    )
    description = LimitedTextField("what they will do", max_length=NOTE_MAX_CHARACTERS)
    due_date = models.DateField(null=True, blank=True, help_text="Leave empty for an ongoing commitment.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = LimitedTextField(
        "note of evidence", blank=True, max_length=NOTE_MAX_CHARACTERS, help_text="How we know it has been done."
    )
    # Copied from the party when left empty, so reminders need no join and a commitment can name its own person.
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True, help_text="Gets the reminders. The party's contact if left empty.")
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # Reminders: open commitments by due date (due soon and overdue).
            models.Index(
                fields=["due_date"],
                name="commitment_open_due_idx",
                condition=Q(status__in=["not_started", "on_track", "at_risk"]),
            ),
            models.Index(fields=["deal", "status", "due_date"], name="commitment_deal_status_due_idx"),
            models.Index(fields=["contact_email", "due_date"], name="commitment_contact_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done") | Q(completed_on__isnull=True),
                name="commitment_completed_only_when_done",
            ),
        ]

    def __str__(self):
        return self.description if len(self.description) <= 80 else self.description[:77] + "…"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def fill_contact_from_party(self):
        if self.party_id and not self.contact_email:
            self.contact_name = self.contact_name or self.party.contact_name
            self.contact_email = self.party.contact_email

    def clean(self):
        if self.party_id and self.deal_id and self.party.deal_id != self.deal_id:
            raise ValidationError({"party": "Choose one of this deal's parties."})
        if self.status != self.Status.DONE:
            self.completed_on = None
        elif self.completed_on is None:
            self.completed_on = timezone.localdate()
        self.fill_contact_from_party()


class DealsSettings(models.Model):
    """Figures officers set for the deals pages. One row (pk 1), made by a data migration."""

    business_pledge_share = models.PositiveIntegerField(
        "the council's share of the 1,000-business pledge",
        default=0,
        help_text="How many of the co-operative councils' 1,000 local business deals Knowsley pledged. "
        "0 hides the figure.",
    )

    class Meta:
        verbose_name = "deals settings"
        verbose_name_plural = "deals settings"

    def __str__(self):
        return "Deals settings"

    @classmethod
    def load(cls) -> "DealsSettings":
        # Reading never writes: a page view does the same queries whether or not the row exists.
        return cls.objects.filter(pk=1).first() or cls(pk=1)
