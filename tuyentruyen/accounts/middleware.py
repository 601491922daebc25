"""Opens the tenant scope around every request, and keeps province viewers read-only."""

from django.core.exceptions import PermissionDenied
from django.urls import resolve

from tuyentruyen.lib.current import acting_as
from tuyentruyen.lib.tenancy import commune_scope, communes_scope, no_commune_scope, scopes_disabled

# A province viewer may still manage their own session and password.
_READ_ONLY_EXEMPT = {
    "accounts:logout", "accounts:password_change", "accounts:login",
    "notifications:mark_read", "notifications:mark_all_read",  # their own notifications only
}
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def scope_for_user(user):
    """The scope a user works in. Public pages open their own commune's scope on top of it."""
    if not user.is_authenticated:
        return no_commune_scope()
    if user.is_superuser:
        return scopes_disabled()  # system admins work across tenants by design
    if user.commune_id:
        return commune_scope(user.commune_id)
    if user.is_province_viewer:
        return communes_scope(user.province.communes.values_list("code", flat=True))
    return no_commune_scope()


class TenantScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_superuser
            and not user.commune_id
            and request.method not in _SAFE_METHODS
            and resolve(request.path_info).view_name not in _READ_ONLY_EXEMPT
        ):
            # Users without a commune (province viewers) read and only read.
            raise PermissionDenied("Tài khoản cấp tỉnh chỉ được xem, không được thay đổi dữ liệu.")
        with acting_as(user), scope_for_user(user):
            return self.get_response(request)
