"""A commune with its own domain name (settings.PUBLIC_HOSTS: host → commune slug) gets its public site
at the root of that domain: https://xadonghoa.gov.vn/tin-tuc/ is served as /xa-dong-hoa/tin-tuc/.

Only paths that are residents' pages once prefixed are rewritten, so staff pages (/dang-nhap/,
/tin-bai/…), static files and addresses that already carry the slug keep working on that domain too.
Register it after WhiteNoise and before CommonMiddleware (which reads path_info for APPEND_SLASH).
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import Resolver404, resolve


class PublicHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hosts = settings.PUBLIC_HOSTS
        if hosts:
            try:
                host = request.get_host().split(":")[0].lower()
            except DisallowedHost:
                host = ""  # CommonMiddleware answers 400 for it
            slug = hosts.get(host)
            if slug:
                request.path_info = self.public_path(slug, request.path_info)
        return self.get_response(request)

    @staticmethod
    def public_path(slug: str, path: str) -> str:
        prefix = f"/{slug}/"
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return path
        candidate = prefix + path.lstrip("/")
        # "/tin-tuc" too: CommonMiddleware then redirects to request.path + "/", which comes back here
        for attempt in (candidate, candidate + "/") if not candidate.endswith("/") else (candidate,):
            try:
                match = resolve(attempt)
            except Resolver404:
                continue
            # a residents' page (public_commune_view marks them), never a staff page that happens to match
            return candidate if getattr(match.func, "tenant_public", False) else path
        return path
