"""Residents' pages of one commune, at /<commune-slug>/…: no login, the commune's scope opened."""

from functools import wraps

from django.conf import settings
from django.http import Http404

from tuyentruyen.accounts.permissions import public_view
from tuyentruyen.lib.tenancy import commune_scope


def resolve_public_commune(slug: str):
    from tuyentruyen.localities.models import Commune

    commune = Commune.objects.select_related("province").filter(slug=slug, onboarded_at__isnull=False).first()
    if commune is None:
        raise Http404("Không có trang của xã, phường này.")
    return commune


def commune_for_host(host: str):
    """Communes with their own domain: PUBLIC_HOSTS maps 'xadonghoa.gov.vn' → 'xa-dong-hoa'."""
    slug = settings.PUBLIC_HOSTS.get(host.split(":")[0].lower())
    return resolve_public_commune(slug) if slug else None


def public_commune_view(view):
    """The view receives ``commune`` instead of ``commune_slug`` and runs inside that commune's scope.
    Whatever it shows must be public: marked so the isolation test lets it answer 200."""

    @wraps(view)
    def wrapped(request, commune_slug, *args, **kwargs):
        commune = resolve_public_commune(commune_slug)
        request.public_commune = commune
        with commune_scope(commune):
            return view(request, commune, *args, **kwargs)

    return public_view(wrapped)
