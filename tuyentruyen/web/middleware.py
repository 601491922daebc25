"""Response headers that are not Django's own: Permissions-Policy everywhere, and no-store for staff pages.

Residents' pages (views marked public) may be cached; anything an authenticated user receives, and any page
that is not public (login, two-factor steps, staff pages), carries ``Cache-Control: no-store`` so that a
shared computer's browser or a proxy keeps no copy of it.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def _is_public(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and getattr(match.func, "tenant_public", False))


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # Our files are for our pages: other sites may not embed evidence photos or exports.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not _is_public(request):
            add_never_cache_headers(response)
        return response
