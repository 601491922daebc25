"""Who is acting right now, for the audit trail.

Set by the request middleware for web requests, and by ``acting_as`` in commands and jobs.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar = ContextVar("actor", default=None)


def current_actor():
    return _actor.get()


@contextmanager
def acting_as(user):
    token = _actor.set(user if (user is not None and getattr(user, "is_authenticated", False)) else None)
    try:
        yield
    finally:
        _actor.reset(token)
