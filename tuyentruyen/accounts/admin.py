from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import AdminLoginForm
from .models import User, UserRole

# The admin login counts failures and locks out like the staff login: one lock-out for every way in.
admin.site.login_form = AdminLoginForm


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ["username", "full_name", "commune", "province", "unit", "is_active"]
    raw_id_fields = ["commune", "province", "unit"]
    fieldsets = BaseUserAdmin.fieldsets + (("Địa bàn", {"fields": ("full_name", "commune", "province", "unit")}),)
