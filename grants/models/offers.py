"""Grant offers: the strands' standard terms (versioned), each version of an offer a bid was made, and
the bank details a group gives when it accepts (encrypted at rest, history kept)."""

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from encrypted_fields.fields import EncryptedCharField

from kbt.form_lengths import NOTE_MAX_CHARACTERS, TERMS_MAX_CHARACTERS, LimitedTextField

from .applications import Application
from .fund import Strand
from .money import MoneyField


class StandardTerms(models.Model):
    """One version of a strand's standard terms and conditions. Never edited once saved: officers
    save a new version, and every offer keeps the version it was made with."""

    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="standard_terms")
    version = models.PositiveSmallIntegerField(editable=False)
    text = LimitedTextField(
        "terms and conditions",
        help_text="Plain text. Start each condition on a new line; a blank line starts a section.",
        max_length=TERMS_MAX_CHARACTERS,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["strand", "-version"]
        verbose_name = "standard terms"
        verbose_name_plural = "standard terms"
        constraints = [models.UniqueConstraint(fields=["strand", "version"], name="standard_terms_version_unique")]

    def __str__(self):
        return f"{self.strand.name}: terms version {self.version}"


def signed_offer_upload_to(instance, filename):
    # A random name in the documents' private storage, like documents: the path says nothing.
    return f"offers/{uuid.uuid4().hex}.pdf"


class Offer(models.Model):
    """One version of the grant offer made to a bid. Varying an offer adds a version; the history keeps
    every one, and exactly one is current."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers")
    version = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=True)
    amount = MoneyField("amount offered (£)")
    terms = models.ForeignKey(StandardTerms, on_delete=models.PROTECT, related_name="offers")
    special_conditions = LimitedTextField(blank=True, help_text="Conditions for this grant only, one a line.")
    payment_summary = LimitedTextField("when the money is paid", blank=True, max_length=NOTE_MAX_CHARACTERS)
    reporting_summary = LimitedTextField("when reports are due", blank=True, max_length=NOTE_MAX_CHARACTERS)
    expires_on = models.DateField("accept by", null=True, blank=True)
    variation_reason = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # The acceptance: who signed, as what, when, and the signed offer letter kept as the record.
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField("full name", max_length=200, blank=True)
    signed_position = models.CharField("position in the organisation", max_length=200, blank=True)
    signed_pdf = models.FileField(upload_to=signed_offer_upload_to, blank=True)

    class Meta:
        ordering = ["application", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="offer_version_unique"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(is_current=True), name="offer_one_current_per_application"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="offer_amount_positive"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | (Q(issued_at__isnull=False) & ~Q(signed_name="")),
                name="offer_accepted_was_issued_and_signed",
            ),
        ]

    def __str__(self):
        return f"{self.application.reference}: offer version {self.version}"

    @property
    def special_conditions_list(self) -> list[str]:
        return [line.strip() for line in self.special_conditions.splitlines() if line.strip()]


class BankDetails(models.Model):
    """The account a grant is paid into. A change adds a row (the history is kept) and only one row is
    current. The name, sort code, account number and roll number are encrypted at rest."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="bank_details")
    is_current = models.BooleanField(default=True)
    account_name = EncryptedCharField("name on the account", max_length=200)
    sort_code = EncryptedCharField(max_length=8)
    account_number = EncryptedCharField(max_length=8)
    roll_number = EncryptedCharField("building society roll number", max_length=18, null=True, blank=True)
    # Why the account's name differs from the organisation's, when it does.
    name_mismatch_reason = LimitedTextField(blank=True, max_length=NOTE_MAX_CHARACTERS)
    # Given after the offer was accepted: unpaid instalments wait for an officer's phone check.
    changed_after_acceptance = models.BooleanField(default=False)
    needs_confirmation = models.BooleanField(default=False)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)
    # The officer's check: who they phoned, on which number already on file, and when.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_with = models.CharField("person phoned", max_length=200, blank=True)
    confirmed_phone = models.CharField("number phoned", max_length=30, blank=True)

    class Meta:
        ordering = ["application", "-given_at", "-id"]
        verbose_name_plural = "bank details"
        permissions = [("see_bank_details", "Can see groups' bank details (masked) and confirm changes")]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(is_current=True), name="bank_details_one_current"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | ~Q(confirmed_phone=""),
                name="bank_details_confirmation_has_number",
            ),
        ]

    def __str__(self):
        return f"Bank details {self.masked_account} ({self.application.reference})"

    @property
    def masked_account(self) -> str:
        digits = re.sub(r"\D", "", self.account_number or "")
        return f"****{digits[-4:]}" if digits else ""

    @property
    def masked_sort_code(self) -> str:
        digits = re.sub(r"\D", "", self.sort_code or "")
        return f"**-**-{digits[-2:]}" if digits else ""
