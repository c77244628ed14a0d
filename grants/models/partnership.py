"""Groups and their ward councillors working together before a bid is sent: a draft shared with the
ward's councillors, their comments and the group's answers, their support, and councillors' ideas for
their ward. Written only by grants.services.partnership and grants.services.ideas."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField

from .applications import Application
from .fund import Councillor, Ward
from .money import MoneyField

COMMENT_MAX_CHARACTERS = 2000
SUPPORT_NOTE_MAX_CHARACTERS = 500
IDEA_DESCRIPTION_MAX_CHARACTERS = 2000


class DraftShare(models.Model):
    """A draft its group has shared with the councillors of the draft's ward. One row a draft: stopping
    sets `stopped_at`; sharing again clears it and starts a new `shared_at`."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="share")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["stopped_at", "shared_at"], name="draft_share_active_idx")]

    def __str__(self):
        return f"{self.application} shared with its ward councillors"

    @property
    def active(self) -> bool:
        return self.stopped_at is None


class DraftComment(models.Model):
    """A councillor's comment on a shared draft, or the group's answer to one (`reply_to` set)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="draft_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Set when a councillor wrote it: their comments are the ones a group answers.
    councillor = models.ForeignKey(
        Councillor, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft_comments"
    )
    reply_to = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    text = models.TextField(max_length=COMMENT_MAX_CHARACTERS, validators=[MaxLengthValidator(COMMENT_MAX_CHARACTERS)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="draft_comment_has_text"),
            # A councillor starts a thread; the group answers in it.
            models.CheckConstraint(
                condition=Q(reply_to__isnull=True, councillor__isnull=False) | Q(reply_to__isnull=False),
                name="draft_comment_thread_starts_with_councillor",
            ),
        ]

    def __str__(self):
        return f"Comment on {self.application} ({self.created_at:%d %b %Y})"


class CouncillorSupport(models.Model):
    """A ward councillor's support for a bid, given on its shared draft. Not an interest: the councillor
    may still decide the bid. Kept once the bid is sent, for officers and the ward's councillors."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="councillor_support")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="support_given")
    note = models.TextField(
        blank=True, max_length=SUPPORT_NOTE_MAX_CHARACTERS, validators=[MaxLengthValidator(SUPPORT_NOTE_MAX_CHARACTERS)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "councillors' support"
        constraints = [
            models.UniqueConstraint(fields=["application", "councillor"], name="support_once_per_councillor"),
        ]

    def __str__(self):
        return f"{self.councillor} supports this bid"


class CouncillorIdea(models.Model):
    """A councillor's idea for their ward, which groups may turn into a bid."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="ideas")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(max_length=120)
    description = models.TextField(
        max_length=IDEA_DESCRIPTION_MAX_CHARACTERS, validators=[MaxLengthValidator(IDEA_DESCRIPTION_MAX_CHARACTERS)]
    )
    place = models.CharField("where", max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["ward", "status"], name="idea_ward_status_idx")]

    def __str__(self):
        return self.title


class EarlierVote(models.Model):
    """A councillor's vote set aside when an officer asked the ward's councillors to vote again on a split
    bid. Kept for the record; it no longer counts."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="earlier_votes")
    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10)
    amount = MoneyField(null=True, blank=True)
    reason = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    voted_at = models.DateTimeField()
    set_aside_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["voted_at", "id"]

    def __str__(self):
        return f"{self.councillor}: {self.decision} (set aside)"
