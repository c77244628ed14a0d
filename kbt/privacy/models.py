"""Data protection records: what each retention run did, the warnings it sent, which applications have
had their personal data removed, and the optional equality monitoring answers."""

from django.conf import settings
from django.db import models

from kbt.accounts.models import User


class RetentionRun(models.Model):
    """One run of the retention job: counts only, nothing that identifies anyone."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    drafts_warned = models.PositiveIntegerField(default=0)
    drafts_deleted = models.PositiveIntegerField(default=0)
    closed_applications_cleared = models.PositiveIntegerField("declined or withdrawn applications cleared", default=0)
    grants_cleared = models.PositiveIntegerField("finished grants cleared", default=0)
    accounts_warned = models.PositiveIntegerField(default=0)
    accounts_deleted = models.PositiveIntegerField(default=0)
    accounts_kept = models.PositiveIntegerField(
        "accounts kept for a live grant",
        default=0,
        help_text="Unused accounts not deleted: the only member of a group with a live grant.",
    )
    files_deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"Retention run {self.started_at:%d %B %Y %H:%M}"


class RetentionNotice(models.Model):
    """A warning that something will be deleted. Deletion waits until a warning sent after the last
    activity is old enough; activity after the warning makes it void."""

    class Rule(models.TextChoices):
        DRAFT = "draft", "Untouched draft"
        ACCOUNT = "account", "Unused account"

    rule = models.CharField(max_length=20, choices=Rule.choices)
    application = models.ForeignKey(
        "grants.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rule="draft", application__isnull=False, user__isnull=True)
                | models.Q(rule="account", user__isnull=False, application__isnull=True),
                name="retention_notice_names_its_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_rule_display()} warning sent {self.sent_at:%d %B %Y}"


class ClearedApplication(models.Model):
    """An application whose personal data and documents have been removed; its figures stay."""

    class Rule(models.TextChoices):
        CLOSED = "closed", "Declined or withdrawn"
        GRANT = "grant", "Grant ended"

    application = models.OneToOneField("grants.Application", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    cleared_at = models.DateTimeField()

    def __str__(self):
        return f"Application {self.application_id} cleared ({self.get_rule_display()})"


class PersonRecord(User):
    """People, as the subject-access export in admin sees them. A proxy: no table of its own."""

    class Meta:
        proxy = True
        verbose_name = "person's data"
        verbose_name_plural = "people's data (subject access)"
        default_permissions = ("view",)
        permissions = [("export_personrecord", "Can download everything the portal holds about a person")]


PREFER_NOT_TO_SAY = ("prefer_not", "Prefer not to say")


class AgeServed(models.TextChoices):
    CHILDREN = "under_18", "Mainly children and young people (under 18)"
    ADULTS = "18_64", "Mainly adults (18 to 64)"
    OLDER = "65_over", "Mainly older people (65 and over)"
    ALL = "all_ages", "People of all ages"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Ethnicity(models.TextChoices):
    """The ONS's five high-level ethnic groups (2021 Census), plus answers for a mixed community."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Another ethnic group"
    NO_MAIN_GROUP = "no_main_group", "No one group in particular"
    PREFER_NOT = PREFER_NOT_TO_SAY


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Sex(models.TextChoices):
    WOMEN = "women", "Mostly women"
    MEN = "men", "Mostly men"
    MIXED = "mixed", "About the same number of women and men"
    PREFER_NOT = PREFER_NOT_TO_SAY


class EqualityResponse(models.Model):
    """Optional equality monitoring answers about a group that sent an application. Kept apart from the
    application: nothing on the assessors', panel's or councillors' pages loads this model, and it is
    reported only as suppressed totals (kbt.privacy.selectors.equality_totals)."""

    application = models.OneToOneField("grants.Application", on_delete=models.CASCADE, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.BooleanField(default=False)
    consented_at = models.DateTimeField()
    # Who the group serves.
    serves_age = models.CharField("ages of the people your group serves", max_length=20, choices=AgeServed.choices)
    serves_ethnicity = models.CharField(
        "ethnic group of most of the people your group serves", max_length=20, choices=Ethnicity.choices
    )
    serves_ethnicity_other = models.CharField("another ethnic group (optional)", max_length=100, blank=True)
    serves_disabled = models.CharField(
        "does your group mainly serve disabled people?", max_length=20, choices=YesNo.choices
    )
    # Who runs it.
    led_by_ethnicity = models.CharField(
        "ethnic group of most of the people who run your group", max_length=20, choices=Ethnicity.choices
    )
    led_by_ethnicity_other = models.CharField("another ethnic group (optional)", max_length=100, blank=True)
    led_by_disabled = models.CharField(
        "are most of the people who run your group disabled?", max_length=20, choices=YesNo.choices
    )
    led_by_sex = models.CharField("who runs your group", max_length=20, choices=Sex.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "equality monitoring answer"
        verbose_name_plural = "equality monitoring report"
        default_permissions = ("view",)
        constraints = [models.CheckConstraint(condition=models.Q(consent=True), name="equality_response_consented")]

    # The questions reported, each a "strand" of the report: field name and its heading.
    REPORTED = [
        ("serves_age", "Ages served"),
        ("serves_ethnicity", "Ethnic group served"),
        ("serves_disabled", "Mainly serves disabled people"),
        ("led_by_ethnicity", "Ethnic group of the people who run the group"),
        ("led_by_disabled", "Run mostly by disabled people"),
        ("led_by_sex", "Who runs the group"),
    ]

    def __str__(self):
        # Never the answers: this may be shown in lists and logs.
        return f"Equality answers {self.pk}"
