"""The retention job, rule by rule, with a frozen clock and real files in the test's private storage."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.storage import default_storage
from freezegun import freeze_time

from grants.models import Application, Document, LedgerEntry, SentReminder, Status
from kbt.accounts.models import User
from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record
from kbt.privacy.models import ClearedApplication, RetentionRun
from kbt.privacy.services.retention import retention_apply
from kbt.privacy.tasks import apply_retention
from tests.factories import OrganisationFactory, UserFactory, application_at, draft, member_of, officer

pytestmark = pytest.mark.django_db(transaction=False)

START = dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC)


def _files(application) -> list[Path]:
    return [Path(default_storage.path(d.file.name)) for d in Document.objects.filter(application=application)]


def _run(when, django_capture_on_commit_callbacks) -> RetentionRun:
    with freeze_time(when), django_capture_on_commit_callbacks(execute=True):
        return retention_apply()


# ---------------------------------------------------------------- drafts


def test_an_untouched_draft_is_warned_30_days_before_then_deleted_with_its_files(
    django_capture_on_commit_callbacks,
):
    with freeze_time(START):
        application = draft(title="Allotment project")
    files = _files(application)
    assert files and all(f.exists() for f in files)

    # 11 months on: nothing yet.
    run = _run(START + dt.timedelta(days=300), django_capture_on_commit_callbacks)
    assert (run.drafts_warned, run.drafts_deleted) == (0, 0)

    # 12 months less 30 days: the group is warned, once.
    warn_at = START + dt.timedelta(days=336)
    run = _run(warn_at, django_capture_on_commit_callbacks)
    assert run.drafts_warned == 1
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
    assert "will be deleted" in mail.outbox[0].subject and "Allotment project" in mail.outbox[0].body
    assert _run(warn_at + dt.timedelta(days=1), django_capture_on_commit_callbacks).drafts_warned == 0
    assert len(mail.outbox) == 1

    # An officer once looked at a document: the log keeps the look, not the file's name.
    document = application.documents.first()
    document.original_name = "Jo Bloggs bank statement.pdf"
    document.save()
    audit_record(actor=officer(), action=AuditEntry.Action.VIEWED, target=document)
    SentReminder.objects.create(
        kind="draft_round_closing",
        object_type=ContentType.objects.get_for_model(Application),
        object_id=application.pk,
        recipient=application.applicant.email,
        due_date=dt.date(2027, 3, 1),
    )

    # 12 months: deleted, with its documents and files.
    run = _run(START + dt.timedelta(days=367), django_capture_on_commit_callbacks)
    assert run.drafts_deleted == 1 and run.files_deleted == len(files)
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not Application.history.filter(id=application.pk).exists()
    assert not any(f.exists() for f in files)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETED, target_id=str(application.pk)).count() == 1
    assert AuditEntry.objects.get(action=AuditEntry.Action.VIEWED).target_label == "Deleted document"
    assert not AuditEntry.objects.filter(target_label__contains="Jo Bloggs").exists()
    assert not SentReminder.objects.exists()

    # Running again does nothing.
    again = _run(START + dt.timedelta(days=368), django_capture_on_commit_callbacks)
    assert (again.drafts_warned, again.drafts_deleted, again.files_deleted) == (0, 0, 0)


def test_a_draft_changed_after_the_warning_is_kept(django_capture_on_commit_callbacks):
    with freeze_time(START):
        application = draft()
    _run(START + dt.timedelta(days=336), django_capture_on_commit_callbacks)
    with freeze_time(START + dt.timedelta(days=340)):
        application.title = "Still working on it"
        application.save()
    run = _run(START + dt.timedelta(days=370), django_capture_on_commit_callbacks)
    assert run.drafts_deleted == 0
    assert Application.objects.filter(pk=application.pk).exists()
    assert all(f.exists() for f in _files(application))


def test_a_draft_first_found_long_after_12_months_still_gets_30_days_warning(django_capture_on_commit_callbacks):
    with freeze_time(START):
        application = draft()
    late = START + dt.timedelta(days=800)
    run = _run(late, django_capture_on_commit_callbacks)
    assert (run.drafts_warned, run.drafts_deleted) == (1, 0)
    assert _run(late + dt.timedelta(days=29), django_capture_on_commit_callbacks).drafts_deleted == 0
    assert _run(late + dt.timedelta(days=31), django_capture_on_commit_callbacks).drafts_deleted == 1
    assert not Application.objects.filter(pk=application.pk).exists()


# ---------------------------------------------------------------- declined and withdrawn


def test_a_declined_bid_loses_personal_data_and_documents_after_2_years_and_keeps_its_figures(
    django_capture_on_commit_callbacks,
):
    with freeze_time(START):
        application = application_at(Status.DECLINED, summary="Run by Jo Bloggs of 3 Elm Street")
    files = _files(application)
    assert files and all(f.exists() for f in files)

    run = _run(START + dt.timedelta(days=700), django_capture_on_commit_callbacks)
    assert run.closed_applications_cleared == 0 and all(f.exists() for f in files)

    run = _run(START + dt.timedelta(days=732), django_capture_on_commit_callbacks)
    assert run.closed_applications_cleared == 1 and run.files_deleted == len(files)
    application.refresh_from_db()
    assert application.summary == "" and application.created_by is None
    assert not application.documents.exists() and not any(f.exists() for f in files)
    assert not application.status_changes.exclude(reason="").exists()
    assert not Application.history.filter(id=application.pk).exists()
    # What reporting needs stays.
    assert application.status == Status.DECLINED
    assert application.amount_requested is not None and application.strand_id and application.submitted_at
    assert ClearedApplication.objects.filter(application=application).count() == 1

    assert _run(START + dt.timedelta(days=800), django_capture_on_commit_callbacks).closed_applications_cleared == 0


def test_a_withdrawn_bid_is_cleared_after_2_years(django_capture_on_commit_callbacks):
    with freeze_time(START):
        application = application_at(Status.WITHDRAWN)
    files = _files(application)
    run = _run(START + dt.timedelta(days=732), django_capture_on_commit_callbacks)
    assert run.closed_applications_cleared == 1
    assert not any(f.exists() for f in files)


# ---------------------------------------------------------------- grants


def test_a_finished_grant_is_cleared_6_years_after_it_ends_and_keeps_its_ledger(django_capture_on_commit_callbacks):
    with freeze_time(START):
        application = application_at(Status.APPROVED)
    Application.objects.filter(pk=application.pk).update(status=Status.COMPLETED)  # post-award not built yet
    ledger = list(LedgerEntry.objects.filter(application=application).values_list("pk", "amount"))
    assert ledger
    files = _files(application)
    ends = application.end_date  # 30 June 2027

    run = _run(dt.datetime(ends.year + 6, 6, 29, tzinfo=dt.UTC), django_capture_on_commit_callbacks)
    assert run.grants_cleared == 0 and all(f.exists() for f in files)

    run = _run(dt.datetime(ends.year + 6, 7, 1, tzinfo=dt.UTC), django_capture_on_commit_callbacks)
    assert run.grants_cleared == 1 and run.closed_applications_cleared == 0
    application.refresh_from_db()
    assert application.created_by is None and not application.documents.exists()
    assert not any(f.exists() for f in files)
    assert list(LedgerEntry.objects.filter(application=application).values_list("pk", "amount")) == ledger
    assert application.amount_awarded is not None


def test_a_live_grant_is_never_cleared(django_capture_on_commit_callbacks):
    with freeze_time(START):
        application = application_at(Status.APPROVED)
    run = _run(START + dt.timedelta(days=365 * 10), django_capture_on_commit_callbacks)
    assert run.grants_cleared == 0 and run.closed_applications_cleared == 0
    assert application.documents.exists() and all(f.exists() for f in _files(application))


# ---------------------------------------------------------------- accounts


def test_an_unused_account_is_warned_then_deleted(django_capture_on_commit_callbacks):
    with freeze_time(START):
        person = UserFactory(email="idle@example.org", last_login=START)
    run = _run(START + dt.timedelta(days=3 * 365 - 29), django_capture_on_commit_callbacks)
    assert run.accounts_warned == 1 and run.accounts_deleted == 0
    assert mail.outbox[-1].to == ["idle@example.org"] and "will be deleted" in mail.outbox[-1].subject

    run = _run(START + dt.timedelta(days=3 * 365 + 2), django_capture_on_commit_callbacks)
    assert run.accounts_deleted == 1
    assert not User.objects.filter(email="idle@example.org").exists()
    assert not User.objects.filter(pk=person.pk, is_active=True).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETED, detail__contains=f"Account {person.pk}")
    assert "idle@example.org" not in entry.detail + entry.target_label


def test_signing_in_after_the_warning_keeps_the_account(django_capture_on_commit_callbacks):
    with freeze_time(START):
        person = UserFactory(last_login=START)
    _run(START + dt.timedelta(days=3 * 365 - 29), django_capture_on_commit_callbacks)
    User.objects.filter(pk=person.pk).update(last_login=START + dt.timedelta(days=3 * 365 - 20))
    run = _run(START + dt.timedelta(days=3 * 365 + 2), django_capture_on_commit_callbacks)
    assert run.accounts_deleted == 0 and User.objects.filter(pk=person.pk, is_active=True).exists()


def test_the_only_member_of_a_group_with_a_live_grant_is_kept(django_capture_on_commit_callbacks):
    with freeze_time(START):
        application = application_at(Status.APPROVED)
        lonely = application.applicant
        User.objects.filter(pk=lonely.pk).update(last_login=START)
        # Officers' and councillors' accounts are not this job's to delete.
        for staff in (application.cast.officer, application.cast.councillor):
            User.objects.filter(pk=staff.pk).update(last_login=START)
    _run(START + dt.timedelta(days=3 * 365 - 29), django_capture_on_commit_callbacks)
    run = _run(START + dt.timedelta(days=3 * 365 + 2), django_capture_on_commit_callbacks)
    assert run.accounts_kept == 1
    assert User.objects.filter(pk=lonely.pk, is_active=True).exists()
    assert User.objects.filter(pk=application.cast.officer.pk, is_active=True).exists()
    assert User.objects.filter(pk=application.cast.councillor.pk, is_active=True).exists()


def test_an_account_with_a_group_member_sharing_a_live_grant_can_go(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    with freeze_time(START):
        idle = member_of(organisation, last_login=START)
        member_of(organisation)  # another member, signed in recently below
        application_at(Status.APPROVED, organisation=organisation, applicant=idle)
    User.objects.exclude(pk=idle.pk).update(last_login=START + dt.timedelta(days=3 * 365))
    _run(START + dt.timedelta(days=3 * 365 - 29), django_capture_on_commit_callbacks)
    run = _run(START + dt.timedelta(days=3 * 365 + 2), django_capture_on_commit_callbacks)
    assert run.accounts_deleted == 1
    # They took workflow steps the council must keep, so the row stays without anything personal.
    idle.refresh_from_db()
    assert not idle.is_active and idle.full_name == "" and idle.email.endswith("@deleted.invalid")
    assert not idle.memberships.exists()


def test_the_beat_task_records_a_run_with_counts_only(django_capture_on_commit_callbacks):
    with freeze_time(START):
        draft()
    with freeze_time(START + dt.timedelta(days=336)), django_capture_on_commit_callbacks(execute=True):
        run_id = apply_retention.delay().get()
    run = RetentionRun.objects.get(pk=run_id)
    assert run.drafts_warned == 1 and run.finished_at is not None
    assert str(run).startswith("Retention run")


def test_officers_see_each_runs_counts_in_admin(client, django_capture_on_commit_callbacks):
    with freeze_time(START):
        draft(title="Hidden Valley Gardeners")
    _run(START + dt.timedelta(days=336), django_capture_on_commit_callbacks)
    client.force_login(officer())
    html = client.get("/admin/privacy/retentionrun/").content.decode()
    assert "Drafts warned" in html and "Hidden Valley" not in html


def test_what_staff_wrote_about_a_cleared_bid_goes_too_and_its_scores_stay(django_capture_on_commit_callbacks):
    from grants.models import Assessment, CriterionScore

    with freeze_time(START):
        application = application_at(Status.DECLINED)
    Assessment.objects.filter(application=application).update(
        eligibility_notes="Jo Bloggs chairs it", comments="Met Jo at 3 Elm Street"
    )
    CriterionScore.objects.filter(assessment__application=application).update(comment="Jo's plan is thin")
    score = Assessment.objects.get(application=application).total_score
    assert Assessment.history.filter(application_id=application.pk).exists()

    _run(START + dt.timedelta(days=732), django_capture_on_commit_callbacks)

    assessment = Assessment.objects.get(application=application)
    assert (assessment.eligibility_notes, assessment.comments) == ("", "")
    assert not CriterionScore.objects.filter(assessment=assessment).exclude(comment="").exists()
    assert not Assessment.history.filter(application_id=application.pk).exists()
    assert assessment.total_score == score  # the figures reporting needs stay
