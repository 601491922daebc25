from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User, UserRole

# The admin has no login of its own: /quan-tri/login/ sends to the product's login (accounts.views.admin_login),
# so the lock-out and the second factor are the same for every way in.


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ["username", "full_name", "commune", "province", "unit", "is_active"]
    raw_id_fields = ["commune", "province", "unit"]
    fieldsets = BaseUserAdmin.fieldsets + (("Địa bàn", {"fields": ("full_name", "commune", "province", "unit")}),)


# The admin site crosses every tenant: it asks the same question as every other page (password through
# the product's login, with its lock-out, then the second factor) rather than keeping a login of its own.
_admin_has_permission = admin.site.has_permission


def _admin_requires_passed_session(request):
    from . import twofactor

    return _admin_has_permission(request) and twofactor.session_passed(request)


admin.site.has_permission = _admin_requires_passed_session
