"""Reads of lag-tolerant pages from a read replica (DATABASE_REPLICA_URL), everything else from the primary.

A view opts in with ``@reads_from_replica`` (the public portal, the province overview, dashboards: pages
where a few seconds of lag shows nothing wrong). ``ReplicaMiddleware`` notices the mark and, for the rest
of that request (template rendering included), the router sends reads to the ``replica`` alias, except:

- inside a transaction on the primary (what a write reads back must be what it wrote);
- once the request has written anything (its later reads follow its write);
- for a client that wrote within ``REPLICA_AFTER_WRITE_SECONDS``: a response to a request that wrote sets
  a short-lived cookie, so the page shown after a form's redirect reads the primary (read-your-writes);
- for the apps whose reads decide who someone is or what runs: sessions, accounts, two-factor devices, the
  cache table, the job queue. A replica a few seconds behind must never log someone out or run a job twice.

Writes always go to the primary, and only the primary is migrated. Without a replica alias every read goes
to the primary, so the mark costs nothing.
"""

from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
AFTER_WRITE_COOKIE = "tt_primary"

# Whose reads never leave the primary (app labels).
PRIMARY_ONLY_APPS = frozenset({
    "sessions", "accounts", "auth", "contenttypes", "otp_totp", "otp_static", "django_otp", "django_cache",
    "django_tasks_database", "jobs", "admin",
})

_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def replica_configured() -> bool:
    return REPLICA in connections


def reads_from_replica(view):
    """Mark a view whose reads may come from the replica (lag-tolerant pages only)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.reads_from_replica = True
    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _use_replica.get() or _wrote.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if not replica_configured() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        if model._meta.app_label not in ("sessions", "django_cache"):
            # A session touched or a rate limit counted is not a write the client will want to read back.
            _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReplicaMiddleware:
    """Opens the replica for marked views; after a request that wrote, keeps its client on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wrote = _wrote.set(False)
        use = _use_replica.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() and replica_configured():
                response.set_cookie(AFTER_WRITE_COOKIE, "1", max_age=settings.REPLICA_AFTER_WRITE_SECONDS,
                                    secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
            return response
        finally:
            _wrote.reset(wrote)
            _use_replica.reset(use)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "reads_from_replica", False) and AFTER_WRITE_COOKIE not in request.COOKIES:
            _use_replica.set(True)
        return None

