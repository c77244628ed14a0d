"""The retention job: nothing personal outlives the period the privacy notice promises.

Each rule finds what is due from the database's state, so running twice does nothing new the second
time: a warning is sent once per period of inactivity (a RetentionNotice newer than the last activity),
a deletion happens once (the thing is gone, or a ClearedApplication row says it is cleared). Each item is
its own transaction, so one failure leaves the rest done and is tried again on the next run."""

import datetime as dt
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, RestrictedError, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from grants import emails
from grants.models import (
    Application,
    Assessment,
    BankDetails,
    ConflictDeclaration,
    Councillor,
    CouncillorVote,
    CriterionScore,
    Document,
    InterestDeclaration,
    LedgerEntry,
    Offer,
    Status,
    StatusChange,
)
from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record

from ..models import ClearedApplication, RetentionNotice, RetentionRun
from ..selectors import user_is_sole_member_of_live_grant
from .erasure import user_erase
from .traces import application_traces_forget, documents_traces_forget

logger = logging.getLogger(__name__)
User = get_user_model()

# Free-text answers that may name people; figures, dates, strand and ward stay for reporting.
PERSONAL_TEXT_FIELDS = ("summary", "outcomes", "beneficiaries_description", "match_funding_sources")


def _documents_delete(queryset, run: RetentionRun) -> None:
    """Delete documents and, once that has committed, their files on disk."""
    documents = list(queryset)
    files = [(document.file.storage, document.file.name) for document in documents]
    documents_traces_forget([document.pk for document in documents])
    queryset.delete()
    run.files_deleted += len(files)

    def remove():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)


def _warning_due(notice_rule, subject_field, activity):
    """A warning sent since the last activity (so activity after a warning voids it)."""
    return Exists(
        RetentionNotice.objects.filter(
            rule=notice_rule, **{subject_field: OuterRef("pk")}, sent_at__gte=OuterRef(activity)
        )
    )


def _warned_long_enough(notice_rule, subject_field, activity, now):
    return Exists(
        RetentionNotice.objects.filter(
            rule=notice_rule,
            **{subject_field: OuterRef("pk")},
            sent_at__gte=OuterRef(activity),
            sent_at__lte=now - dt.timedelta(days=settings.RETENTION_WARNING_DAYS),
        )
    )


# ---------------------------------------------------------------- drafts


def _drafts(now):
    last_upload = Document.objects.filter(application=OuterRef("pk")).order_by("-uploaded_at").values("uploaded_at")
    return Application.objects.filter(status=Status.DRAFT).annotate(
        last_touched=Greatest("updated_at", Coalesce(Subquery(last_upload[:1]), "updated_at"))
    )


def _drafts_warn(run: RetentionRun, now) -> None:
    months, days = settings.RETENTION_DRAFT_MONTHS, settings.RETENTION_WARNING_DAYS
    warn_from = now - relativedelta(months=months) + dt.timedelta(days=days)
    due = (
        _drafts(now)
        .filter(last_touched__lte=warn_from)
        .exclude(_warning_due(RetentionNotice.Rule.DRAFT, "application", "last_touched"))
        .select_related("organisation")
    )
    for application in due:
        with transaction.atomic():
            RetentionNotice.objects.create(rule=RetentionNotice.Rule.DRAFT, application=application, sent_at=now)
            to = sorted(application.organisation.members.filter(is_active=True).values_list("email", flat=True))
            context = {
                "application": application,
                "months": months,
                "delete_on": timezone.localdate(now) + dt.timedelta(days=days),
                "action_path": reverse("grants:application", args=[application.pk]),
            }
            subject = f"Your draft application will be deleted on {context['delete_on']:%-d %B %Y}"
            notice_key = f"retention_draft_warning:{application.pk}:{timezone.localdate(now):%Y-%m-%d}"
            emails.queue(
                to=to,
                subject=subject,
                template="retention_draft_warning",
                context=context,
                key=notice_key,
                about=application,
            )
        run.drafts_warned += 1


def _drafts_delete(run: RetentionRun, now) -> None:
    cutoff = now - relativedelta(months=settings.RETENTION_DRAFT_MONTHS)
    due = _drafts(now).filter(
        _warned_long_enough(RetentionNotice.Rule.DRAFT, "application", "last_touched", now), last_touched__lte=cutoff
    )
    for pk in due.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                application = Application.objects.select_for_update().get(pk=pk, status=Status.DRAFT)
                _documents_delete(Document.objects.filter(application=application), run)
                audit_record(
                    actor=None,
                    action=AuditEntry.Action.DELETED,
                    target=application,
                    detail=f"Retention: draft untouched for {settings.RETENTION_DRAFT_MONTHS} months",
                )
                Application.history.filter(id=pk).delete()
                application_traces_forget(pk)
                application.delete()
                Application.history.filter(id=pk).delete()  # the record of the deletion itself
        except (Application.DoesNotExist, ProtectedError, RestrictedError):
            logger.warning("Retention: draft %s not deleted (changed, or other records need it)", pk)
            continue
        run.drafts_deleted += 1


# ---------------------------------------------------------------- declined, withdrawn and finished grants


def _application_clear(application: Application, *, rule: str, run: RetentionRun, now) -> None:
    """Remove an application's personal data and documents; keep its figures, status and ledger."""
    _documents_delete(Document.objects.filter(application=application), run)
    for name in PERSONAL_TEXT_FIELDS:
        setattr(application, name, "")
    application.created_by = None
    application.save_without_historical_record()
    StatusChange.objects.filter(application=application).update(reason="")
    Application.history.filter(id=application.pk).delete()
    _decision_text_clear(application)
    application_traces_forget(application.pk)
    _offer_personal_data_clear(application)
    ClearedApplication.objects.create(application=application, rule=rule, cleared_at=now)
    audit_record(
        actor=None,
        action=AuditEntry.Action.DELETED,
        target=application,
        detail=f"Retention: personal data and documents removed ({ClearedApplication.Rule(rule).label.lower()})",
    )


def _offer_personal_data_clear(application: Application) -> None:
    """Bank details go (every version), and the signed offer letter with the signatory's name."""
    BankDetails.objects.filter(application=application).delete()
    for offer in Offer.objects.filter(application=application).exclude(signed_pdf=""):
        offer.signed_pdf.delete(save=False)
    Offer.objects.filter(application=application, accepted_at__isnull=False).update(
        signed_pdf="", signed_name="Removed under the retention policy", signed_position=""
    )


def _decision_text_clear(application: Application) -> None:
    """What officers and councillors wrote about the group (assessment notes and comments, scores'
    comments, declarations, votes' reasons) goes with the rest; the scores and decisions stay."""
    Assessment.objects.filter(application=application).update(eligibility_notes="", comments="")
    Assessment.history.filter(application_id=application.pk).delete()
    CriterionScore.objects.filter(assessment__application=application).update(comment="")
    ConflictDeclaration.objects.filter(application=application).update(details="")
    InterestDeclaration.objects.filter(application=application).update(note="")
    CouncillorVote.objects.filter(application=application).update(reason="", recorded_note="")


def _not_cleared():
    return ~Exists(ClearedApplication.objects.filter(application=OuterRef("pk")))


def _has_ledger():
    return Exists(LedgerEntry.objects.filter(application=OuterRef("pk")))


def _closed_clear(run: RetentionRun, now) -> None:
    """Declined and withdrawn bids that never had money: cleared 2 years after they closed."""
    cutoff = now - relativedelta(years=settings.RETENTION_CLOSED_APPLICATION_YEARS)
    closed = (
        StatusChange.objects.filter(application=OuterRef("pk"), to_status__in=(Status.DECLINED, Status.WITHDRAWN))
        .order_by("-created_at")
        .values("created_at")
    )
    due = (
        Application.objects.filter(status__in=(Status.DECLINED, Status.WITHDRAWN))
        .filter(_not_cleared())
        .exclude(_has_ledger())
        .annotate(closed_at=Coalesce(Subquery(closed[:1]), "updated_at"))
        .filter(closed_at__lte=cutoff)
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=pk)
            _application_clear(application, rule=ClearedApplication.Rule.CLOSED, run=run, now=now)
        run.closed_applications_cleared += 1


def _grants_clear(run: RetentionRun, now) -> None:
    """Grants (any bid that had money committed) once finished: cleared 6 years after the grant's end,
    the period the council keeps financial records. The ledger stays."""
    cutoff = timezone.localdate(now) - relativedelta(years=settings.RETENTION_GRANT_YEARS)
    due = Application.objects.filter(status__in=(Status.COMPLETED, Status.DECLINED, Status.WITHDRAWN)).filter(
        _has_ledger(), _not_cleared(), end_date__lte=cutoff
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=pk)
            _application_clear(application, rule=ClearedApplication.Rule.GRANT, run=run, now=now)
        run.grants_cleared += 1


# ---------------------------------------------------------------- unused accounts


def _accounts():
    return (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(Exists(Councillor.objects.filter(user=OuterRef("pk"))))
        .annotate(last_active=Coalesce("last_login", "date_joined"))
    )


def _accounts_warn(run: RetentionRun, now) -> None:
    years, days = settings.RETENTION_ACCOUNT_YEARS, settings.RETENTION_WARNING_DAYS
    warn_from = now - relativedelta(years=years) + dt.timedelta(days=days)
    due = (
        _accounts()
        .filter(last_active__lte=warn_from)
        .exclude(_warning_due(RetentionNotice.Rule.ACCOUNT, "user", "last_active"))
    )
    for user in due:
        with transaction.atomic():
            RetentionNotice.objects.create(rule=RetentionNotice.Rule.ACCOUNT, user=user, sent_at=now)
            context = {
                "years": years,
                "delete_on": timezone.localdate(now) + dt.timedelta(days=days),
                "action_path": reverse("accounts:sign_in"),
            }
            subject = f"Your Knowsley Better Together account will be deleted on {context['delete_on']:%-d %B %Y}"
            emails.queue(
                to=[user.email],
                subject=subject,
                template="retention_account_warning",
                context=context,
                key=f"retention_account_warning:{user.pk}:{timezone.localdate(now):%Y-%m-%d}",
                about=user,
            )
        run.accounts_warned += 1


def _accounts_delete(run: RetentionRun, now) -> None:
    cutoff = now - relativedelta(years=settings.RETENTION_ACCOUNT_YEARS)
    due = _accounts().filter(
        _warned_long_enough(RetentionNotice.Rule.ACCOUNT, "user", "last_active", now), last_active__lte=cutoff
    )
    for user in due:
        if user_is_sole_member_of_live_grant(user):
            run.accounts_kept += 1
            continue
        user_erase(user=user, actor=None, why=f"unused for {settings.RETENTION_ACCOUNT_YEARS} years", check=False)
        run.accounts_deleted += 1


RULES = (_drafts_delete, _drafts_warn, _closed_clear, _grants_clear, _accounts_delete, _accounts_warn)


def retention_apply() -> RetentionRun:
    """Apply every retention rule once, as of now, and record the counts in a RetentionRun.

    Guarantees: idempotent (a second run at the same moment changes nothing and counts zeros); each
    deletion is audited with no personal detail; files are removed from storage only after the rows
    that point at them are gone for good; the run's row holds counts only."""
    now = timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    for rule in RULES:
        rule(run, now)
        run.save()
    run.finished_at = timezone.now()
    run.save()
    logger.info(
        "Retention run %s: drafts warned %s, deleted %s; closed cleared %s; grants cleared %s; "
        "accounts warned %s, deleted %s, kept %s; files deleted %s",
        run.pk,
        run.drafts_warned,
        run.drafts_deleted,
        run.closed_applications_cleared,
        run.grants_cleared,
        run.accounts_warned,
        run.accounts_deleted,
        run.accounts_kept,
        run.files_deleted,
    )
    return run
