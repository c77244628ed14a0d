"""Community, voluntary and faith groups, and the people who act for them."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from kbt.form_lengths import NOTE_MAX_CHARACTERS, LimitedTextField

from .fund import Ward
from .money import MoneyField

# England and Wales charity numbers are 6 or 7 digits (register numbers of linked charities add "-1").
charity_number_validator = RegexValidator(
    r"^\d{6,7}(-\d{1,2})?$", "Enter a charity number of 6 or 7 digits, like 1234567"
)
# Companies House numbers: 8 characters, digits or a two-letter prefix (like SC) and six digits.
company_number_validator = RegexValidator(
    r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$", "Enter a company number of 8 characters, like 01234567 or SC123456"
)
# FCA Mutuals Public Register numbers for community benefit societies: digits, sometimes with R.
society_number_validator = RegexValidator(r"^\d{1,6}R?$", "Enter a society number like 31245R")
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def validate_postcode(value: str):
    if not POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real postcode, like L36 9YU")


class Organisation(models.Model):
    class Type(models.TextChoices):
        REGISTERED_CHARITY = "charity", "Registered charity"
        CIO = "cio", "Charitable incorporated organisation (CIO)"
        COMMUNITY_GROUP = "community_group", "Constituted community group"
        CIC = "cic", "Community interest company (CIC)"
        CLG = "clg", "Company limited by guarantee"
        CBS = "cbs", "Community benefit society"
        FAITH_GROUP = "faith_group", "Faith group"

    NEEDS_CHARITY_NUMBER = (Type.REGISTERED_CHARITY, Type.CIO)
    NEEDS_COMPANY_NUMBER = (Type.CIC, Type.CLG)

    name = models.CharField(max_length=200)
    org_type = models.CharField("type of organisation", max_length=20, choices=Type.choices)
    charity_number = models.CharField(max_length=10, blank=True, validators=[charity_number_validator])
    company_number = models.CharField(max_length=8, blank=True, validators=[company_number_validator])
    society_number = models.CharField(max_length=7, blank=True, validators=[society_number_validator])
    address_line_1 = models.CharField("building and street", max_length=200)
    address_line_2 = models.CharField("building and street line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations")
    annual_income = MoneyField("annual income (£)", help_text="From your latest accounts.")
    date_established = models.DateField("date set up")
    # An officer kept the group's postcode out of everything published (a refuge, say), and why.
    # Changed only through grants.services.publication, which audits each change.
    postcode_withheld = models.BooleanField("postcode kept private", default=False, editable=False)
    postcode_withheld_reason = LimitedTextField(
        "why the postcode is kept private", blank=True, editable=False, max_length=NOTE_MAX_CHARACTERS
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organisations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["postcode"], name="organisation_postcode_idx"),
            # The officers' list sorted by organisation: walked by name, not sorted whole.
            models.Index(fields=["name"], name="organisation_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(org_type__in=["charity", "cio"]) | ~Q(charity_number=""),
                name="organisation_charity_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(org_type__in=["cic", "clg"]) | ~Q(company_number=""),
                name="organisation_company_has_number",
            ),
            models.CheckConstraint(
                condition=Q(postcode_withheld=False) | ~Q(postcode_withheld_reason=""),
                name="organisation_postcode_withheld_has_reason",
            ),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # Accept numbers and postcodes however they are typed: "l369yu" is L36 9YU.
        self.postcode = normalise_postcode(self.postcode)
        self.company_number = (self.company_number or "").strip().upper()
        self.charity_number = (self.charity_number or "").strip()
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.org_type in self.NEEDS_CHARITY_NUMBER and not self.charity_number:
            errors["charity_number"] = "Enter your charity number"
        if self.org_type in self.NEEDS_COMPANY_NUMBER and not self.company_number:
            errors["company_number"] = "Enter your company number"
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Main contact"
        MEMBER = "member", "Member"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    # May sign for the organisation: accept a grant offer. The members keep at least one signatory.
    can_sign = models.BooleanField("can sign for the organisation", default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) of {self.organisation}"
