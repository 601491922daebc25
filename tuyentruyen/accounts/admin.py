from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ["username", "full_name", "commune", "province", "unit", "is_active"]
    raw_id_fields = ["commune", "province", "unit"]
    fieldsets = BaseUserAdmin.fieldsets + (("Địa bàn", {"fields": ("full_name", "commune", "province", "unit")}),)
