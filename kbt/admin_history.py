"""django-simple-history's admin pages, safe with any id in the address: the history of a record and
one version of it. A nonsense or foreign id is a 404, and a version is shown read-only to anyone who
may not change the record (officers' records here are written by services, so that is everyone)."""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .admin_widgets import SafeAutocompleteMixin


class HistoryAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    def _checked_pk(self, object_id):
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None

    def _checked_version(self, version_id):
        history_pk = self.model.history.model._meta.pk
        try:
            return history_pk.to_python(version_id)
        except ValidationError:
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self._checked_pk(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk, version = self._checked_pk(object_id), self._checked_version(version_id)
        if not self.model.history.filter(**{self.model._meta.pk.attname: pk, "history_id": version}).exists():
            raise Http404
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        request._history_version_read_only = not self.has_change_permission(request)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        if getattr(request, "_history_version_read_only", False):
            request._history_version_read_only = False  # get_fieldsets may build a form, which asks again
            try:
                return flatten_fieldsets(self.get_fieldsets(request, obj))
            finally:
                request._history_version_read_only = True
        return super().get_readonly_fields(request, obj)
