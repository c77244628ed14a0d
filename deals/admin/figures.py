"""Figures and set-up: principles, measures, reported figures awaiting a check, partners' invitations and
the deals settings."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from grants.admin.readonly import ReadOnlyMixin

from .. import services
from ..forms import TargetReportForm
from ..models import (
    DealsSettings,
    Measure,
    PartnerInvitation,
    Principle,
    TargetUpdate,
)


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "slug")
    search_fields = ("name", "description")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class TargetUpdateAddForm(forms.ModelForm):
    """An officer's own figure: the same file checks as a partner's; the service records and accepts it."""

    class Meta:
        model = TargetUpdate
        fields = ["target", "achieved", "date", "note", "evidence"]

    clean_evidence = TargetReportForm.clean_evidence


@admin.register(TargetUpdate)
class TargetUpdateAdmin(admin.ModelAdmin):
    """Figures reported for targets. Partners' figures wait here for an officer to accept them."""

    list_display = ("date", "target", "achieved", "state", "reported_by", "deal", "evidence_link")
    list_filter = ("state", "target__measure")
    search_fields = ("note", "target__commitment__deal__title", "target__commitment__party__name")
    list_select_related = ("target__measure", "target__commitment__deal", "reported_by")
    date_hierarchy = "date"
    actions = ["accept"]
    readonly_fields = ("target", "achieved", "date", "note", "evidence_link", "state", "reported_by", "checked_by")
    fields = readonly_fields

    def has_change_permission(self, request, obj=None):
        # The change permission lets an officer accept figures (the action); the record itself stays as sent.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = TargetUpdateAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["target", "achieved", "date", "note", "evidence"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            form.instance = services.target_update_record(
                target=data["target"],
                achieved=data["achieved"],
                date=data["date"],
                note=data["note"],
                evidence=data["evidence"],
                actor=request.user,
            )
        except ValidationError as error:  # the form checked the same rules; this is a race at most
            self.message_user(request, "; ".join(error.messages), messages.ERROR)

    def save_related(self, request, form, formsets, change):
        pass

    def log_addition(self, request, obj, message):
        pass

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, "The figure is recorded and accepted.", messages.SUCCESS)
        return redirect("admin:deals_targetupdate_changelist")

    @admin.display(description="deal")
    def deal(self, obj):
        return obj.target.commitment.deal

    @admin.display(description="evidence")
    def evidence_link(self, obj):
        if not obj.evidence:
            return "None"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:deals_targetupdate_evidence", args=[obj.pk]), obj.evidence_name
        )

    @admin.action(description="Accept the selected figures", permissions=["change"])
    def accept(self, request, queryset):
        for update in queryset:
            services.target_update_accept(update=update, actor=request.user)
        self.message_user(request, f"{queryset.count()} figure(s) accepted: they show on the public pages.")

    def get_urls(self):
        evidence = path(
            "<int:pk>/evidence/", self.admin_site.admin_view(self.evidence_view), name="deals_targetupdate_evidence"
        )
        return [evidence, *super().get_urls()]

    def evidence_view(self, request, pk):
        # Evidence is in private storage: only officers who may see the figures open it.
        if not self.has_view_permission(request):
            raise Http404
        update = get_object_or_404(TargetUpdate, pk=pk)
        if not update.evidence:
            raise Http404
        return FileResponse(update.evidence.open("rb"), as_attachment=True, filename=update.evidence_name)


@admin.register(PartnerInvitation)
class PartnerInvitationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Who was invited to report for which party, and whether they have accepted. Invite from the parties list."""

    list_display = ("name", "email", "party", "invited_by", "created_at", "accepted_at")
    search_fields = ("name", "email", "party__name", "party__deal__title")
    list_select_related = ("party", "invited_by")
    exclude = ("token",)


@admin.register(DealsSettings)
class DealsSettingsAdmin(admin.ModelAdmin):
    fields = ("business_pledge_share",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
