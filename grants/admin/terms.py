"""The strands' standard terms and conditions, versioned: an officer writes a new version (starting
from the newest), never changes one an offer was made with. Offers prepared from then on use it."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .. import services
from ..models import StandardTerms


@admin.register(StandardTerms)
class StandardTermsAdmin(admin.ModelAdmin):
    list_display = ("strand", "version", "created_by", "created_at", "new_version")
    list_filter = ("strand",)
    list_select_related = ("strand", "created_by")
    fields = ("strand", "text")
    readonly_fields = ("version", "created_by", "created_at")

    @admin.display(description="")
    def new_version(self, obj):
        url = reverse("admin:grants_standardterms_add") + f"?strand={obj.strand_id}"
        return format_html('<a href="{}">Write a new version of the {} terms</a>', url, obj.strand.name)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return ("strand", "version", "text", "created_by", "created_at") if obj else self.fields

    def get_changeform_initial_data(self, request):
        """ "Write a new version" starts from the strand's newest text (?strand=<id>)."""
        initial = super().get_changeform_initial_data(request)
        newest = StandardTerms.objects.filter(strand_id=request.GET.get("strand") or 0).order_by("-version").first()
        if newest is not None:
            initial["text"] = newest.text
        return initial

    def save_model(self, request, obj, form, change):
        saved = services.offers.standard_terms_save(
            strand=form.cleaned_data["strand"], text=form.cleaned_data["text"], actor=request.user
        )
        obj.pk, obj.version = saved.pk, saved.version
