"""The fund's structure: the fund, its rounds, priorities, wards and assessment criteria. Strands and
ward pots change their budgets through grants.admin.budgets."""

from django.contrib import admin

from ..models import Criterion, Fund, Priority, Round, Ward
from .budgets import StrandInline


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ("name", "total")
    search_fields = ("name",)
    inlines = [StrandInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("name", "strand", "opens_at", "closes_at")
    list_filter = ("strand",)
    search_fields = ("name", "strand__name")
    list_select_related = ("strand",)


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ("number", "name")
    search_fields = ("name",)


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "strand", "weight", "order")
    list_filter = ("strand",)
    search_fields = ("name", "description")
    list_select_related = ("strand",)
