"""Strands and ward pots in the officers' site.

A save here never writes `committed`: it shows the ledger's sum, read-only. A save writes only the
fields the person changed, and a new budget goes through grants.services.budgets, which locks the row,
refuses a budget below what is committed and records who, when, the old and new figures and why."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html, format_html_join

from kbt.form_lengths import NOTE_MAX_CHARACTERS, too_long_message

from ..models import Criterion, Round, Strand, WardPot
from ..money import pounds
from ..services import budgets
from .readonly import ReadOnlyInline

REASON_HELP = "Needed when you change the budget: it is kept with the change, with your name and the time."


def _changed_columns(form, *, leave_out=("budget",)) -> list[str]:
    """The model fields this form changed, except those written by a service."""
    columns = {field.name for field in form.instance._meta.concrete_fields if field.editable}
    return [name for name in form.changed_data if name in columns and name not in leave_out]


def _committed(obj) -> str:
    value = getattr(obj, "ledger_committed", None)
    return "—" if obj is None or obj.pk is None or value is None else pounds(value)


def _remaining(obj) -> str:
    value = getattr(obj, "ledger_committed", None)
    return "—" if obj is None or obj.pk is None or value is None else pounds(obj.budget - value)


def _history(obj) -> str:
    if obj is None or obj.pk is None:
        return "—"
    changes = obj.budget_changes.select_related("changed_by")
    if not changes:
        return "No budget changes recorded."
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                f"{change.changed_at:%d %b %Y %H:%M}",
                change.changed_by.get_full_name() or change.changed_by.email,
                "—" if change.old_budget is None else pounds(change.old_budget),
                pounds(change.new_budget),
                change.reason,
            )
            for change in changes
        ),
    )
    return format_html(
        '<table class="kbt-budget-history"><caption class="visually-hidden">Budget changes, newest first</caption>'
        '<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">From</th>'
        '<th scope="col">To</th><th scope="col">Why</th></tr></thead><tbody>{}</tbody></table>',
        rows,
    )


class BudgetReasonForm(forms.ModelForm):
    budget_change_reason = forms.CharField(
        label="Why is the budget changing?",
        required=False,
        max_length=NOTE_MAX_CHARACTERS,
        error_messages={"max_length": too_long_message("Why the budget is changing", NOTE_MAX_CHARACTERS)},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "budget" in self.changed_data and cleaned.get("budget") is not None:
            if not (cleaned.get("budget_change_reason") or "").strip():
                self.add_error("budget_change_reason", "Say why the budget is changing.")
            for problem in self.budget_problems(cleaned["budget"]):
                self.add_error("budget", problem)
        return cleaned

    def budget_problems(self, budget) -> list[str]:
        raise NotImplementedError


class StrandForm(BudgetReasonForm):
    class Meta:
        model = Strand
        fields = (
            "fund",
            "name",
            "slug",
            "code",
            "kind",
            "description",
            "budget",
            "budget_change_reason",
            "minimum_award",
            "maximum_award",
            "maximum_duration_months",
            "core_cost_cap_percent",
            "councillors_decide",
            "decision_rule",
            "split_after_days",
        )

    def budget_problems(self, budget):
        return budgets.strand_budget_problems(self.instance, budget)


class WardPotForm(BudgetReasonForm):
    class Meta:
        model = WardPot
        fields = ("strand", "ward", "budget", "budget_change_reason")

    def budget_problems(self, budget):
        # The pots' total against the strand is WardPot.clean's, which the form runs itself.
        problem = budgets.ward_pot_committed_problem(self.instance, budget)
        return [problem] if problem else []


class BudgetAdminMixin:
    """Shared by the strand and ward pot pages: the ledger's figures, the history, and saves that
    write only what changed."""

    @admin.display(description="committed (£), from the ledger")
    def committed_from_ledger(self, obj):
        return _committed(obj)

    @admin.display(description="remaining (£)")
    def remaining(self, obj):
        return _remaining(obj)

    @admin.display(description="budget changes")
    def budget_history(self, obj):
        return _history(obj)

    def _refused(self, request, error):
        # Someone approved a bid between the form's check and this save: keep nothing, say why.
        transaction.set_rollback(True)
        self.message_user(request, f"Nothing was saved. {error.message}", messages.ERROR)

    def _save_changed_fields(self, obj, form):
        columns = _changed_columns(form)
        if columns:
            obj.save(update_fields=columns)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0


@admin.register(Strand)
class StrandAdmin(BudgetAdminMixin, admin.ModelAdmin):
    form = StrandForm
    list_display = ("name", "code", "kind", "budget", "committed_from_ledger", "remaining", "councillors_decide")
    search_fields = ("name", "code")
    readonly_fields = ("committed_from_ledger", "remaining", "budget_history")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CriterionInline, RoundInline]

    def get_queryset(self, request):
        return budgets.strands_with_ledger(super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.save()
            reason = form.cleaned_data.get("budget_change_reason", "")
            budgets.strand_budget_open(strand=obj, changed_by=request.user, reason=reason)
            return
        self._save_changed_fields(obj, form)
        if "budget" in form.changed_data:
            try:
                budgets.strand_budget_change(
                    strand=obj,
                    budget=form.cleaned_data["budget"],
                    reason=form.cleaned_data.get("budget_change_reason", ""),
                    changed_by=request.user,
                )
            except budgets.BudgetRefused as error:
                self._refused(request, error)


@admin.register(WardPot)
class WardPotAdmin(BudgetAdminMixin, admin.ModelAdmin):
    form = WardPotForm
    list_display = ("ward", "strand", "budget", "committed_from_ledger", "remaining")
    list_filter = ("strand",)
    search_fields = ("ward__name",)
    readonly_fields = ("committed_from_ledger", "remaining", "budget_history")
    list_select_related = ("ward", "strand")

    def get_readonly_fields(self, request, obj=None):
        # A pot's commitments belong to its strand and ward: it never moves to another.
        moved = ("strand", "ward") if obj is not None else ()
        return (*moved, *self.readonly_fields)

    def get_queryset(self, request):
        return budgets.ward_pots_with_ledger(super().get_queryset(request))

    def log_addition(self, request, obj, message):
        if obj.pk is not None:  # None: the service refused the new pot and nothing was saved
            return super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return self.response_post_save_add(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def save_model(self, request, obj, form, change):
        if not change:
            try:
                pot = budgets.ward_pot_create(
                    strand=obj.strand,
                    ward=obj.ward,
                    budget=obj.budget,
                    reason=form.cleaned_data.get("budget_change_reason", ""),
                    changed_by=request.user,
                )
            except budgets.BudgetRefused as error:
                self._refused(request, error)
            else:
                obj.pk, obj._state.adding = pot.pk, False
            return
        self._save_changed_fields(obj, form)
        if "budget" in form.changed_data:
            try:
                budgets.ward_pot_budget_change(
                    pot=obj,
                    budget=form.cleaned_data["budget"],
                    reason=form.cleaned_data.get("budget_change_reason", ""),
                    changed_by=request.user,
                )
            except budgets.BudgetRefused as error:
                self._refused(request, error)


class StrandInline(ReadOnlyInline):
    """The fund's strands, to read: a strand's budget changes on its own page, with a reason."""

    model = Strand
    fields = ("name", "code", "budget")
    readonly_fields = fields
    show_change_link = True
