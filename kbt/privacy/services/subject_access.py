"""Subject access: one zip of everything the portal holds about a person.

The export is a list of sections; each section is a function from the person to the files it adds to the
zip. A new kind of personal data is a new section, appended to SECTIONS, nothing else."""

import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from grants.models import Application, Document, Membership
from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record
from kbt.outbox.models import OutboxEmail

from ..models import EqualityResponse

File = tuple[str, bytes]


@dataclass(frozen=True)
class Section:
    name: str
    describe: str
    files: Callable[..., Iterable[File]]


def _json(name: str, data) -> File:
    return name, json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def _who(user, person) -> str:
    # Other people are not named in a person's export: only "you", or their role.
    if person is None:
        return "the portal (automatic)"
    return "you" if person.pk == user.pk else "a member of council staff or a councillor"


def account_section(user) -> Iterable[File]:
    councillor = getattr(user, "councillor", None)
    yield _json(
        "account.json",
        {
            "full_name": user.full_name,
            "email": user.email,
            "email_confirmed": user.email_verified,
            "date_joined": user.date_joined,
            "last_signed_in": user.last_login,
            "officers_site_access": user.is_staff,
            "staff_groups": sorted(user.groups.values_list("name", flat=True)),
            "councillor_for_wards": sorted(councillor.wards.values_list("name", flat=True)) if councillor else [],
        },
    )


def memberships_section(user) -> Iterable[File]:
    yield _json(
        "memberships.json",
        [
            {"organisation": m.organisation.name, "role": m.get_role_display(), "joined": m.joined_at}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
    )


def applications_section(user) -> Iterable[File]:
    applications = (
        Application.objects.filter(created_by=user)
        .select_related("organisation", "strand", "round", "ward")
        .prefetch_related("budget_lines", "priorities", "status_changes__actor")
    )
    yield _json(
        "applications.json",
        [
            {
                "reference": a.reference,
                "organisation": a.organisation.name,
                "strand": a.strand.name,
                "round": str(a.round),
                "project_name": a.title,
                "summary": a.summary,
                "ward": a.ward.name if a.ward else None,
                "priorities": [str(p) for p in a.priorities.all()],
                "amount_requested": a.amount_requested,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "outcomes": a.outcomes,
                "beneficiaries_count": a.beneficiaries_count,
                "beneficiaries_description": a.beneficiaries_description,
                "match_funding": a.match_funding,
                "match_funding_sources": a.match_funding_sources,
                "status": a.get_status_display(),
                "amount_awarded": a.amount_awarded,
                "submitted_at": a.submitted_at,
                "budget": [
                    {"item": line.item, "cost": line.cost, "financial_year": line.financial_year_label}
                    for line in a.budget_lines.all()
                ],
                "history": [
                    {
                        "when": change.created_at,
                        "from": change.get_from_status_display(),
                        "to": change.get_to_status_display(),
                        "by": _who(user, change.actor),
                        "reason": change.reason,
                    }
                    for change in a.status_changes.all()
                ],
            }
            for a in applications
        ],
    )


def equality_section(user) -> Iterable[File]:
    answers = []
    for response in EqualityResponse.objects.filter(answered_by=user).select_related("application"):
        answer = {"application": response.application.reference, "consented_at": response.consented_at}
        for f in EqualityResponse._meta.get_fields():
            if getattr(f, "choices", None) or f.name.endswith("_other"):
                value = getattr(response, f.name)
                answer[f.verbose_name] = getattr(response, f"get_{f.name}_display")() if f.choices else value
        answers.append(answer)
    yield _json("equality_answers.json", answers)


def audit_section(user) -> Iterable[File]:
    yield _json(
        "audit_log.json",
        [
            {
                "when": entry.at,
                "what": entry.get_action_display(),
                "by": _who(user, entry.actor),
                "about": entry.target_type,
                "detail": entry.detail,
            }
            for entry in AuditEntry.objects.filter(subject_user=user).select_related("actor")
        ],
    )


def documents_section(user) -> Iterable[File]:
    index = []
    for document in Document.objects.filter(uploaded_by=user).select_related("application"):
        name = f"documents/{document.pk}-{PurePath(document.original_name).name}"
        try:
            with document.file.open("rb") as handle:
                content = handle.read()
        except FileNotFoundError:
            index.append({"file": None, "name": document.original_name, "note": "The file is missing"})
            continue
        index.append(
            {
                "file": name,
                "name": document.original_name,
                "kind": document.get_kind_display(),
                "application": document.application.reference or document.application.title,
                "uploaded_at": document.uploaded_at,
            }
        )
        yield name, content
    yield _json("documents/index.json", index)


def emails_section(user) -> Iterable[File]:
    yield _json(
        "emails_sent_to_you.json",
        [
            {
                "written": email.created_at,
                "sent": email.sent_at,
                "status": email.get_status_display(),
                "subject": email.subject,
                "text": email.body_text,
            }
            for email in OutboxEmail.objects.filter(recipient__iexact=user.email).order_by("created_at")
        ],
    )


SECTIONS: list[Section] = [
    Section("account", "Your account: name, email address, when you joined and signed in", account_section),
    Section("memberships", "The groups you belong to and your role in each", memberships_section),
    Section("applications", "Applications you started, with their budgets and history", applications_section),
    Section("equality", "Equality monitoring answers you gave", equality_section),
    Section("emails", "Emails we sent you, or are about to send", emails_section),
    Section("audit", "Entries in the council's audit log about you", audit_section),
    Section("documents", "Documents you uploaded", documents_section),
]

README = """Everything Knowsley Better Together holds about {name}, exported on {when:%d %B %Y at %H:%M}.

{contents}

Other people are not named in this export. To ask about it, email the council's data protection officer.
"""


def subject_access_export(*, user, requested_by):
    """A zip (an open temporary file, at its start) of everything the portal holds about `user`, and
    nobody else's personal data. Recorded in the audit log: who asked, about whom.

    Guarantees: the audit entry is written whether the person or an officer asks; big documents do not
    sit in memory (the zip spills to disk past 10 MB)."""
    out = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        contents = []
        for section in SECTIONS:
            for name, content in section.files(user):
                archive.writestr(name, content)
            contents.append(f"- {section.describe}")
        archive.writestr(
            "README.txt",
            README.format(name=user.get_full_name(), when=timezone.localtime(), contents="\n".join(contents)),
        )
    with transaction.atomic():
        audit_record(
            actor=requested_by,
            action=AuditEntry.Action.EXPORTED,
            target=user,
            subject_user=user,
            detail="Subject access export" + ("" if requested_by.pk == user.pk else " made by an officer"),
        )
    out.seek(0)
    return out
