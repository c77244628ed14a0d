"""The model history pages in the officers' site, without django-simple-history's "revert".

The library's revert page saves the old version without asking for the change permission, so staff
who may only read a record could rewrite it. Here a version is only ever shown, read-only; records
change through services, which check who may change them. Any id in the address is safe: a nonsense
or foreign record or version id is a 404, never a 500."""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .admin_widgets import SafeAutocompleteMixin


class HistoryAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    """Use instead of SimpleHistoryAdmin: the history list and each version read-only; no revert."""

    def revert_disabled(self, request, obj=None):
        return True

    def _checked_pk(self, object_id):
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None

    def _refuse_hidden(self, request, object_id):
        # The library falls back to the history of a record the list hides (a draft, say): a record
        # that still exists but that this user may not see answers 404, as on its change page.
        pk = self._checked_pk(object_id)
        if self.model._default_manager.filter(pk=pk).exists() and not self.get_queryset(request).filter(pk=pk).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_hidden(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        self._refuse_hidden(request, object_id)
        try:
            version = self.model.history.model._meta.pk.to_python(version_id)
        except ValidationError:
            raise Http404 from None
        pk = self._checked_pk(object_id)
        if not self.model.history.filter(**{self.model._meta.pk.attname: pk, "history_id": version}).exists():
            raise Http404
        request._history_read_only = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if getattr(request, "_history_read_only", False) and self.fieldsets:
            # Fields the form cannot hold (not editable, like an application's reference) are shown as
            # text; the rest stay in the form, disabled by get_form, so prepopulated fields still work.
            editable = {f.name for f in (*self.opts.fields, *self.opts.many_to_many) if f.editable}
            fields = [*fields, *(n for n in flatten_fieldsets(self.fieldsets) if n not in editable)]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not getattr(request, "_history_read_only", False):
            return form

        class ReadOnlyVersionForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.disabled = True

        return ReadOnlyVersionForm
