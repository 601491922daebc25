from django.contrib import admin

from .models import ScoringScheme


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(admin.ModelAdmin):
    """A province's own scheme; the JSON is checked by ``scoring.validation_errors`` (model ``clean``)."""

    list_display = ("name", "province", "updated_at")
    search_fields = ("name", "province__name")
