from django.contrib import admin

from .models import Commune, Province, Unit


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["name", "codename"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "province", "onboarded_at"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "slug"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "kind", "active"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["commune"]
