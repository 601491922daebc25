"""Residents' pages of one commune, at /<commune-slug>/…: no login, the commune's scope opened."""

from functools import wraps

from django.http import Http404

from tuyentruyen.lib.public import public_view
from tuyentruyen.lib.tenancy import commune_scope

from .models import Commune


def find_public_commune(slug: str):
    """The onboarded commune whose public site is at /<slug>/, or None."""
    return Commune.objects.select_related("province").filter(slug=slug, onboarded_at__isnull=False).first()


def resolve_public_commune(slug: str):
    commune = find_public_commune(slug)
    if commune is None:
        raise Http404("Không có trang của xã, phường này.")
    return commune


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
