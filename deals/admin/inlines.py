"""The inlines of the deal and commitment pages: parties, commitments, progress, asks, targets."""

from django.contrib import admin
from django.db import models
from django.db.models import Case, F, When
from django.forms import Textarea
from django.utils import timezone

from kbt.admin_widgets import LabelledTabularInline, SafeAutocompleteMixin

from ..models import (
    Commitment,
    GovernmentAsk,
    Party,
    ProgressUpdate,
    Target,
)
from ..progress import commitment_progress


def without_popups(field):
    # Parties and commitments are edited in their own rows on the deal's page, not in pop-ups from here.
    for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
        setattr(field.widget, flag, False)


class PartyInline(SafeAutocompleteMixin, LabelledTabularInline):
    model = Party
    fields = ("name", "kind", "organisation", "contact_name", "contact_email")
    autocomplete_fields = ("organisation",)
    show_change_link = True
    extra = 0


class ProgressColumn:
    """A commitment row's "how it is going": the one status rule (deals/progress.py). The rows' queryset
    loads the targets it reads."""

    @admin.display(description="how it is going")
    def progress(self, obj):
        return commitment_progress(obj, today=timezone.localdate()).label if obj and obj.pk else ""

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("targets")


class CommitmentInline(ProgressColumn, LabelledTabularInline):
    """The deal's commitments, grouped by party: the council's first, then partners', then joint ones."""

    model = Commitment
    fields = ("party", "description", "due_date", "progress", "evidence", "contact_email")
    # A commitment's status moves only through the actions on the commitments list (deals services); the
    # row shows how it is going by the one status rule, which reads that status, the dates and targets.
    readonly_fields = ("progress",)
    show_change_link = True
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 36})}}
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("party")
            .order_by(
                Case(When(party__kind=Party.Kind.COUNCIL, then=0), When(party__isnull=True, then=2), default=1),
                "party__name",
                F("due_date").asc(nulls_last=True),
                "pk",
            )
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Only this deal's parties. The form class is made per request, so this is safe across threads.
        party_field = formset.form.base_fields["party"]
        party_field.queryset = Party.objects.filter(deal=obj) if obj else Party.objects.none()
        party_field.empty_label = "Everyone together"
        without_popups(party_field)
        if obj is None:
            party_field.help_text = "Save the deal with its parties first, then choose whose commitment this is."
        return formset


class ProgressUpdateInline(LabelledTabularInline):
    model = ProgressUpdate
    fields = ("date", "commitment", "text", "author")
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 50})}}
    readonly_fields = ("author",)
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["commitment"]
        field.queryset = Commitment.objects.filter(deal=obj) if obj else Commitment.objects.none()
        without_popups(field)
        formset.form.base_fields["date"].initial = timezone.localdate
        return formset


class GovernmentAskInline(LabelledTabularInline):
    model = GovernmentAsk
    fields = ("ask", "outcome", "outcome_note")
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}
    extra = 0


class TargetInline(LabelledTabularInline):
    """A commitment's numbers. The figure achieved moves only when an officer accepts an update."""

    model = Target
    fields = ("measure", "target_number", "baseline", "baseline_date", "target_date", "achieved", "achieved_on")
    readonly_fields = ("achieved", "achieved_on")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        without_popups(formset.form.base_fields["measure"])
        formset.form.base_fields["baseline_date"].initial = timezone.localdate
        return formset


class PartyCommitmentInline(ProgressColumn, LabelledTabularInline):
    model = Commitment
    fields = ("description", "due_date", "progress", "contact_email")
    readonly_fields = ("progress",)
    show_change_link = True
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["contact_email"].help_text = "The party's contact if left empty."
        return formset
