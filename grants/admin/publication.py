"""An application's "Publication" page in the officers' admin (issue 15): the public summary, and keeping
the grant or the group's postcode off the register, each with a reason. Writes only through
grants.services.publication, which audits every change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path

from ..forms.publication import PublicationForm
from ..models import PUBLISHED_STATUSES
from ..services import WorkflowError, publication


def can_publish(user) -> bool:
    return user.is_active and (user.is_officer or user.is_administrator)


class PublicationPages:
    """Adds /admin/grants/application/<pk>/publication/ to ApplicationAdmin (with ApplicationPages)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/publication/", view(self.publication_view), name="grants_application_publication")
        ] + super().get_urls()

    def publication_view(self, request, pk):
        application = self._application(request, pk)
        if not can_publish(request.user):
            raise PermissionDenied
        form = PublicationForm(
            request.POST if request.method == "POST" else None, initial=PublicationForm.initial_for(application)
        )
        if request.method == "POST" and form.is_valid() and self._publish(request, application, form):
            self.message_user(request, f"Publication of {application.reference} saved.", messages.SUCCESS)
            return HttpResponseRedirect(self._change_url(application))
        context = self._context(
            request,
            application,
            f"Publication: {application.reference}",
            form=form,
            published=application.status in PUBLISHED_STATUSES and not application.withheld,
        )
        return TemplateResponse(request, "admin/grants/application/publication.html", context)

    @staticmethod
    def _publish(request, application, form) -> bool:
        """Each change through its service, all or nothing; False, with the error on the form, if refused."""
        data, user, organisation = form.cleaned_data, request.user, application.organisation
        try:
            with transaction.atomic():
                publication.public_summary_edit(application, text=data["public_summary"], actor=user)
                reason = data["withheld_reason"].strip()
                if data["withheld"] and (not application.withheld or reason != application.withheld_reason):
                    publication.grant_withhold(application, reason=reason, actor=user)
                elif not data["withheld"] and application.withheld:
                    publication.grant_unwithhold(application, actor=user)
                reason = data["postcode_withheld_reason"].strip()
                if data["postcode_withheld"] and (
                    not organisation.postcode_withheld or reason != organisation.postcode_withheld_reason
                ):
                    publication.postcode_withhold(organisation, reason=reason, actor=user)
                elif not data["postcode_withheld"] and organisation.postcode_withheld:
                    publication.postcode_unwithhold(organisation, actor=user)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return False
        return True
