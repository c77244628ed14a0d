"""Groups and their ward councillors shaping an environmental bid together before it is sent: sharing a
draft, councillors' comments and the group's answers, support, and a councillor's interest declared on a
draft. Who may do what is grants.selectors.partnership's rule; every email goes through the outbox."""

from django.db import transaction
from django.utils import timezone

from ..emails import queue
from ..models import (
    Application,
    Councillor,
    CouncillorSupport,
    DraftComment,
    DraftShare,
    InterestDeclaration,
    Status,
)
from ..models.partnership import COMMENT_MAX_CHARACTERS, SUPPORT_NOTE_MAX_CHARACTERS
from ..selectors.councillors import eligible_councillors
from ..selectors.partnership import draft_councillor, draft_interest, is_member, sharable
from .errors import ActionForbidden, MissingInput, TransitionNotAllowed


def _locked(application: Application) -> Application:
    # The application's row lock, as every move takes it: a draft is sent, shared or stopped one at a time.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation", "ward", "strand")
        .get(pk=application.pk)
    )


def _member_or_refuse(actor, application: Application) -> None:
    if actor is None or not actor.is_active or not is_member(actor, application):
        raise ActionForbidden("Only a member of the group can do this.")


def _text(text: str, limit: int, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise MissingInput(missing)
    if len(text) > limit:
        raise MissingInput(f"Enter {limit:,} characters or fewer.")
    return text


def _history(application: Application, actor, note: str) -> None:
    """A row in the application's history (simple_history), which officers read once it is sent."""
    application._history_user = actor
    # The history's reason holds 100 characters: a long support note is cut short there (kept whole on
    # the CouncillorSupport row).
    application._change_reason = note if len(note) <= 100 else note[:99] + "…"
    application.save(update_fields=["updated_at"])


def _member_emails(application: Application) -> list[str]:
    return sorted(application.organisation.members.filter(is_active=True).values_list("email", flat=True))


def draft_share(*, application: Application, actor) -> DraftShare:
    """Share an environmental draft with its ward's councillors, or raise a WorkflowError.

    Guarantees: only a member of the group shares, only a draft with its ward in a strand where
    councillors decide; the ward's councillors (without an interest) are emailed once for each time
    it is shared; sharing a draft already shared changes nothing."""
    with transaction.atomic():
        locked = _locked(application)
        _member_or_refuse(actor, locked)
        if not sharable(locked):
            raise TransitionNotAllowed("Only a draft with its ward chosen can be shared with ward councillors.")
        share = DraftShare.objects.filter(application=locked).first()
        if share is not None and share.active:
            return share
        now = timezone.now()
        if share is None:
            share = DraftShare.objects.create(application=locked, shared_by=actor, shared_at=now)
        else:
            share.shared_by, share.shared_at, share.stopped_at = actor, now, None
            share.save()
        councillors = eligible_councillors(locked).select_related("user")
        queue(
            to=sorted(c.user.email for c in councillors),
            subject=f"{locked.organisation.name} would like your views on a draft bid",
            template="draft_shared",
            context={"application": locked, "share": share},
            key=f"draft_share:{share.pk}:{now.timestamp()}",
            about=locked,
        )
        _history(locked, actor, "Shared with the ward's councillors")
    return share


def draft_share_stop(*, application: Application, actor) -> DraftShare:
    """Stop sharing a draft: its councillors can no longer read it, comment or support it. The comments
    and support given so far are kept."""
    with transaction.atomic():
        locked = _locked(application)
        _member_or_refuse(actor, locked)
        share = DraftShare.objects.filter(application=locked, stopped_at__isnull=True).first()
        if share is None:
            raise TransitionNotAllowed("This draft is not shared with your ward councillors.")
        share.stopped_at = timezone.now()
        share.save(update_fields=["stopped_at"])
        _history(locked, actor, "Stopped sharing with the ward's councillors")
    return share


def _councillor_may_comment(user, application: Application) -> Councillor:
    record = draft_councillor(user, application)
    if record is None:
        raise ActionForbidden("Only a councillor of the ward can do this on a draft shared with them.")
    if draft_interest(record, application):
        raise ActionForbidden("You declared an interest in this bid, so you cannot comment on it or support it.")
    return record


def draft_comment_add(*, application: Application, councillor, text: str) -> DraftComment:
    """A ward councillor comments on a draft shared with them; the group is emailed.

    Guarantees: only a councillor of the draft's ward, while it is shared and a draft, without an
    interest in it (declared, or as a member of the group)."""
    text = _text(text, COMMENT_MAX_CHARACTERS, "Enter your comment.")
    with transaction.atomic():
        locked = _locked(application)
        record = _councillor_may_comment(councillor, locked)
        comment = DraftComment.objects.create(application=locked, author=councillor, councillor=record, text=text)
        queue(
            to=_member_emails(locked),
            subject=f"{record} has commented on your draft {locked.title}",
            template="draft_comment",
            context={"application": locked, "comment": comment, "councillor": record},
            key=f"draft_comment:{comment.pk}",
            about=locked,
        )
    return comment


def draft_comment_reply(*, comment: DraftComment, actor, text: str) -> DraftComment:
    """The group answers a councillor's comment on its draft; the councillor is emailed."""
    text = _text(text, COMMENT_MAX_CHARACTERS, "Enter your answer.")
    with transaction.atomic():
        locked = _locked(comment.application)
        _member_or_refuse(actor, locked)
        if locked.status != Status.DRAFT:
            raise TransitionNotAllowed("This application has been sent, so its comments are closed.")
        thread = comment if comment.reply_to_id is None else comment.reply_to
        reply = DraftComment.objects.create(application=locked, author=actor, reply_to=thread, text=text)
        author = thread.author
        if author is not None and author.is_active:
            queue(
                to=[author.email],
                subject=f"{locked.organisation.name} has answered your comment on {locked.title}",
                template="draft_reply",
                context={"application": locked, "comment": thread, "reply": reply},
                key=f"draft_reply:{reply.pk}",
                about=locked,
            )
    return reply


def draft_support(*, application: Application, councillor, note: str = "") -> CouncillorSupport:
    """A ward councillor records support for a shared draft, with an optional short note.

    Guarantees: as for comments, only a councillor of the ward without an interest, once per draft;
    support is not an interest (they may still decide the bid), and the application's history records
    it; the group is emailed. Officers see it in admin once the bid is sent, and the ward's councillors
    on the bid's page."""
    note = (note or "").strip()
    if len(note) > SUPPORT_NOTE_MAX_CHARACTERS:
        raise MissingInput(f"Enter {SUPPORT_NOTE_MAX_CHARACTERS} characters or fewer.")
    with transaction.atomic():
        locked = _locked(application)
        record = _councillor_may_comment(councillor, locked)
        if CouncillorSupport.objects.filter(application=locked, councillor=record).exists():
            raise TransitionNotAllowed("You already support this bid.")
        support = CouncillorSupport.objects.create(application=locked, councillor=record, note=note)
        _history(locked, councillor, f"{record} supports this bid" + (f": {note}" if note else ""))
        queue(
            to=_member_emails(locked),
            subject=f"{record} supports your draft {locked.title}",
            template="draft_supported",
            context={"application": locked, "support": support},
            key=f"draft_support:{support.pk}",
            about=locked,
        )
    return support


def draft_interest_declare(*, application: Application, councillor, kind: str, note: str = "") -> InterestDeclaration:
    """A ward councillor declares an interest in a draft shared with them. From then on they may neither
    comment on it nor support it, and once it is sent they cannot decide it (the declaration is the
    same one grants.services.interest_declare makes on a sent bid)."""
    note = (note or "").strip()
    if kind not in InterestDeclaration.Kind.values:
        raise MissingInput("Select the kind of interest you have.")
    if kind == InterestDeclaration.Kind.OTHER and not note:
        raise MissingInput("Describe your interest.")
    with transaction.atomic():
        locked = _locked(application)
        record = draft_councillor(councillor, locked)
        if record is None:
            raise ActionForbidden("Only a councillor of the ward can do this on a draft shared with them.")
        if InterestDeclaration.objects.filter(application=locked, councillor=record).exists():
            raise TransitionNotAllowed("You have already declared an interest in this bid.")
        return InterestDeclaration.objects.create(application=locked, councillor=record, kind=kind, note=note)
