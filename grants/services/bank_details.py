"""Bank details: checked for format, encrypted at rest (the model's fields), shown only masked, and
never changed after acceptance without an officer's phone check. The standard defence against mandate
fraud: a change holds unpaid instalments and emails every member until an officer confirms it."""

import re

from django.db import transaction
from django.utils import timezone

from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record

from ..models import Application, BankDetails, PaymentHold, Status
from . import payments
from .errors import ActionForbidden, OfferInvalid, TransitionNotAllowed
from .offer_rules import check_signatory

SEE_PERMISSION = "grants.see_bank_details"
ROLL_NUMBER_RE = re.compile(r"^[A-Za-z0-9 ./-]{1,18}$")
# Words that say what kind of body an organisation is, not which: "Kirkby Tidy Streets Ltd" is Kirkby
# Tidy Streets.
NAME_NOISE = {"the", "ltd", "limited", "cic", "cio", "trust", "account", "and", "of", "group"}


def _digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def _name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (name or "").lower().replace("&", " and ")) if w not in NAME_NOISE}


def name_matches(account_name: str, organisation_name: str) -> bool:
    return bool(_name_words(account_name)) and _name_words(account_name) == _name_words(organisation_name)


def bank_details_problems(
    *, application: Application, account_name: str, sort_code: str, account_number: str, roll_number: str = "",
    name_mismatch_reason: str = "",
) -> dict[str, str]:  # fmt: skip
    """What is wrong with these bank details, field by field, in plain English (empty when none)."""
    problems = {}
    if not (account_name or "").strip():
        problems["account_name"] = "Enter the name on the account"
    elif len(account_name.strip()) > 200:
        problems["account_name"] = "Name on the account must be 200 characters or fewer"
    elif not name_matches(account_name, application.organisation.name) and not (name_mismatch_reason or "").strip():
        problems["name_mismatch_reason"] = (
            f"The name on the account is not {application.organisation.name}: say why, "
            "for example the account is held by a parent charity"
        )
    code = _digits(sort_code)
    if not code:
        problems["sort_code"] = "Enter a sort code"
    elif not code.isdigit() or len(code) != 6:
        problems["sort_code"] = "Enter a valid sort code like 309430"
    number = _digits(account_number)
    if not number:
        problems["account_number"] = "Enter an account number"
    elif not number.isdigit() or not 6 <= len(number) <= 8:
        problems["account_number"] = "Enter a valid account number like 00733445"
    if (roll_number or "").strip() and not ROLL_NUMBER_RE.match(roll_number.strip()):
        problems["roll_number"] = (
            "Building society roll number must be between 1 and 18 characters and only include letters a to z, "
            "numbers, spaces, hyphens, full stops and forward slashes"
        )
    return problems


def current_bank_details(application: Application) -> BankDetails | None:
    return application.bank_details.filter(is_current=True).first()


def bank_details_ready(application: Application) -> bool:
    """May the grant be paid? Bank details are given and no officer's confirmation is outstanding."""
    return BankDetails.objects.filter(application=application, is_current=True, needs_confirmation=False).exists()


def bank_details_save(
    *, application: Application, actor, account_name: str, sort_code: str, account_number: str,
    roll_number: str = "", name_mismatch_reason: str = "", after_acceptance: bool,
) -> BankDetails:  # fmt: skip
    """Record the account the grant is paid into, replacing any current one (kept as history). Call it
    inside the caller's transaction with the application locked. A name that differs from the
    organisation's, or any change after acceptance, needs an officer's confirmation before payment."""
    problems = bank_details_problems(
        application=application,
        account_name=account_name,
        sort_code=sort_code,
        account_number=account_number,
        roll_number=roll_number,
        name_mismatch_reason=name_mismatch_reason,
    )
    if problems:
        raise OfferInvalid(problems)
    matches = name_matches(account_name, application.organisation.name)
    BankDetails.objects.filter(application=application, is_current=True).update(is_current=False)
    code = _digits(sort_code)
    return BankDetails.objects.create(
        application=application,
        account_name=account_name.strip(),
        sort_code=f"{code[:2]}-{code[2:4]}-{code[4:]}",
        account_number=_digits(account_number),
        roll_number=(roll_number or "").strip() or None,
        name_mismatch_reason="" if matches else name_mismatch_reason.strip(),
        changed_after_acceptance=after_acceptance,
        needs_confirmation=after_acceptance or not matches,
        given_by=actor,
    )


def bank_details_change(*, application: Application, actor, **details) -> BankDetails:
    """A signatory changes the bank details of a running grant. Guarantees: unpaid instalments are held
    (`_after_bank_details_changed`), every member is emailed, and no payment is made until an officer
    records the phone check (`bank_details_confirm`)."""
    from ..offer_emails import bank_details_changed_emails

    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=application.pk)
        )
        check_signatory(locked, actor)
        if locked.status != Status.GRANT_ACTIVE:
            raise TransitionNotAllowed("Bank details can be changed only on a running grant.")
        details = bank_details_save(application=locked, actor=actor, after_acceptance=True, **details)
        bank_details_changed_emails(details)
        _after_bank_details_changed(locked, actor)
        return details


def may_see_bank_details(user, application: Application) -> bool:
    """Members of the organisation, and officers with the bank-details permission. Nobody else."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if application.organisation.memberships.filter(user=user).exists():
        return True
    return bool(getattr(user, "is_officer", False) and user.has_perm(SEE_PERMISSION))


def bank_details_viewed(*, details: BankDetails, actor, where: str) -> None:
    """Write to the audit log that a member of staff saw these (masked) bank details."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.VIEWED,
        target=details,
        detail=f"Bank details (masked) of {details.application.reference} seen on {where}",
    )


def bank_details_confirm(*, details: BankDetails, actor, confirmed_with: str, confirmed_phone: str) -> BankDetails:
    """An officer records that they confirmed these bank details by phoning a contact already on file:
    who, on which number, and when (now). Guarantees: only an officer with the bank-details
    permission; held instalments are released (`_after_bank_details_confirmed`)."""
    if not (getattr(actor, "is_officer", False) and actor.has_perm(SEE_PERMISSION)):
        raise ActionForbidden("Only an officer allowed to see bank details can confirm them.")
    problems = {}
    if not (confirmed_with or "").strip():
        problems["confirmed_with"] = "Enter the name of the person you phoned"
    if not re.fullmatch(r"[0-9 +()-]{10,20}", (confirmed_phone or "").strip()):
        problems["confirmed_phone"] = "Enter the phone number you called, like 0151 489 6000"
    if problems:
        raise OfferInvalid(problems)
    with transaction.atomic():
        Application.objects.select_for_update(of=("self",)).get(pk=details.application_id)
        details = BankDetails.objects.get(pk=details.pk)
        if not details.is_current or not details.needs_confirmation:
            raise TransitionNotAllowed("These bank details are not waiting for a confirmation.")
        details.needs_confirmation = False
        details.confirmed_by, details.confirmed_at = actor, timezone.now()
        details.confirmed_with, details.confirmed_phone = confirmed_with.strip(), confirmed_phone.strip()
        details.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.SECURITY,
            target=details,
            detail=f"Bank details of {details.application.reference} confirmed by phone",
        )
        _after_bank_details_confirmed(details.application, actor)
        return details


def _after_bank_details_changed(application: Application, actor) -> None:
    """Hold every unpaid instalment until an officer confirms the new details by phone."""
    payments.hold_unpaid(application, reason=PaymentHold.Reason.BANK_DETAILS, actor=actor)


def _after_bank_details_confirmed(application: Application, actor) -> None:
    """Release the bank-details hold: the instalments may be paid again."""
    payments.release_holds(application, reason=PaymentHold.Reason.BANK_DETAILS, actor=actor)
