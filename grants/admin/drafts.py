"""Drafts are the applicant's own work until they send them. Officers and the panel do not see them
in admin (nor their budget lines or documents); administrators may look, for support, and every look
is written to the audit log."""

from django.http import Http404

from kbt.audit.models import AuditEntry
from kbt.audit.services import audit_record

from ..models import Status


class DraftsHiddenMixin:
    """For the admin of Application, or of a model with an `application`: `draft_status` is the lookup
    of the application's status from this model."""

    draft_status = "status"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(request.user, "is_administrator", False):
            return queryset
        return queryset.exclude(**{self.draft_status: Status.DRAFT})

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A record the user may not see answers 404, as an unknown one does: no hint that it exists.
        raise Http404

    def application_of(self, obj):
        return obj if self.draft_status == "status" else obj.application

    def audit_draft_look(self, request, obj, what=None) -> None:
        """Write a VIEWED entry if `obj` belongs to a draft: an administrator looked at it."""
        application = self.application_of(obj)
        if application is not None and application.status == Status.DRAFT:
            audit_record(
                actor=request.user,
                action=AuditEntry.Action.VIEWED,
                target=what or obj,
                detail=f"Looked at {application.reference} while it was a draft",
                subject_user=application.created_by,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            if obj is not None:
                self.audit_draft_look(request, obj)
        return response
