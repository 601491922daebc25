from django.contrib import admin

from .models import ApiRequest, ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "prefix", "created_at", "revoked_at", "last_used_at")
    readonly_fields = ("secret_hash", "prefix", "created_by", "created_at", "last_used_at")


@admin.register(ApiRequest)
class ApiRequestAdmin(admin.ModelAdmin):
    list_display = ("at", "token", "method", "path", "status")
    list_filter = ("status",)

    def has_change_permission(self, request, obj=None):
        return False
