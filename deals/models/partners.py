"""Partners' access: an officer invites a party's named contact to report on its commitments."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .deals import Party


class PartnerInvitation(models.Model):
    """An officer's invitation to a named contact to report on one party's commitments. The link in the
    email carries `token`; the contact's account is recorded when they follow it signed in."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_invitations",
        editable=False,
    )
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(accepted_at__isnull=False), name="invitation_accepted_when"
            ),
        ]

    def __str__(self):
        return f"{self.name} for {self.party}"
