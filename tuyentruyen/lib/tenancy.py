"""Tenant scoping: the safety net under every explicit permission check.

Every model that belongs to a commune uses ``CommuneScopedManager``. A query through it made while no
scope is open raises ``ScopeError`` instead of returning every commune's rows (fail closed). The
``TenantScopeMiddleware`` opens the scope for the whole request, template rendering included;
management commands and background jobs open it themselves with ``commune_scope(commune)`` or, for work
that is cross-tenant on purpose, ``scopes_disabled()`` where the reason is written beside it.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django_scopes import ScopedManager, scope, scopes_disabled
from django_scopes.exceptions import ScopeError

__all__ = [
    "CommuneScopedManager",
    "ScopeError",
    "commune_scope",
    "communes_scope",
    "no_commune_scope",
    "scopes_disabled",
]


def CommuneScopedManager(path: str = "commune", manager_class=None):  # noqa: N802 - reads like a class
    if manager_class is not None:
        return ScopedManager(_manager_class=manager_class, commune=path)
    return ScopedManager(commune=path)


@contextmanager
def commune_scope(commune):
    """Open the scope of one commune (an instance or its code). ``None`` is refused: django-scopes
    would read it as "no filter", which is the opposite of what a missing tenant must mean."""
    if commune is None:
        raise ValueError("commune_scope needs a commune")
    code = getattr(commune, "pk", commune)
    with scope(commune=code):
        yield


@contextmanager
def communes_scope(codes: Iterable[int]):
    """Open a read scope over several communes (a province viewer's). An empty list sees nothing."""
    with scope(commune=list(codes)):
        yield


@contextmanager
def no_commune_scope():
    """A scope that matches no commune: anonymous requests and users without a tenant."""
    with scope(commune=[]):
        yield
