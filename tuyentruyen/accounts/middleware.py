"""Opens the tenant scope around every request, and keeps province viewers read-only; ends idle staff
sessions; holds a session that owes its second factor at the code or enrolment step."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils.http import urlencode

from tuyentruyen.lib.current import acting_as
from tuyentruyen.lib.tenancy import commune_scope, communes_scope, no_commune_scope, scopes_disabled

from . import twofactor
from .permissions import is_province_leader, is_province_officer

# A province viewer may still manage their own session and password.
_READ_ONLY_EXEMPT = {
    "accounts:logout", "accounts:password_change", "accounts:login",
    "accounts:two_factor_verify", "accounts:two_factor_enrol", "accounts:two_factor_recovery_codes",
    "notifications:mark_read", "notifications:mark_all_read",  # their own notifications only
}
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _province_may_write(user, match) -> bool:
    if match.view_name in _READ_ONLY_EXEMPT:
        return True
    # Views marked @province_writes check their own predicate; a viewer is refused here already.
    return bool(getattr(match.func, "province_writes", False)) and (
        is_province_officer(user) or is_province_leader(user))


def scope_for_user(user):
    """The scope a user works in. Public pages open their own commune's scope on top of it."""
    if not user.is_authenticated:
        return no_commune_scope()
    if user.is_superuser:
        return scopes_disabled()  # system admins work across tenants by design
    if user.commune_id:
        return commune_scope(user.commune_id)
    if user.is_province_user:
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
            and not _province_may_write(user, resolve(request.path_info))
        ):
            # Users without a commune read, and write only the province's own records and decisions.
            raise PermissionDenied("Tài khoản cấp tỉnh chỉ được xem, không được thay đổi dữ liệu.")
        with acting_as(user), scope_for_user(user):
            return self.get_response(request)


# The API for upper-level systems authenticates each request by its token; staff sessions play no part.
API_PREFIX = "/api/v1/"
# Seconds between two writes of the last-seen time: an idle limit of hours needs no write per request.
_SEEN_RESOLUTION = 60
LAST_SEEN_KEY = "last_seen"


class IdleSessionMiddleware:
    """A staff session unused for SESSION_IDLE_SECONDS ends; the next request goes to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path_info.startswith(API_PREFIX):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, "Phiên làm việc đã kết thúc vì lâu không thao tác. Vui lòng đăng nhập lại.")
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= _SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# What a session that owes its second factor may still reach.
_SECOND_FACTOR_EXEMPT = {
    "accounts:logout", "accounts:two_factor_verify", "accounts:two_factor_enrol", "web:healthz",
}


class SecondFactorMiddleware:
    """After the password: the code step for users with an authenticator, enrolment for users who must
    have one; nothing else (the admin site included) until then. See accounts/twofactor.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (not request.user.is_authenticated or request.resolver_match.view_name in _SECOND_FACTOR_EXEMPT
                or getattr(view_func, "token_api", False)):
            return None
        step = twofactor.step_owed(request)
        if step is None:
            return None
        url = reverse(f"accounts:two_factor_{step}")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
