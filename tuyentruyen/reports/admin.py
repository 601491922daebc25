from django.contrib import admin

from .models import ScoringScheme


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(admin.ModelAdmin):
    """A province's own scheme of a year (provinces edit theirs at /tinh/bo-tieu-chi/); the JSON is checked by
    ``scoring.validation_errors`` (model ``clean``)."""

    list_display = ("name", "province", "year", "updated_at")
    list_filter = ("year",)
    search_fields = ("name", "province__name")
