"""What a log line knows about the work it is part of: the request id, the method and path, the user id,
the commune, or the worker and the job.

The request middleware (``lib/requestlog.py``) and the worker bind these for the length of a request or a
job; the JSON formatter (``lib/jsonlog.py``) reads them. A context variable, not a thread-local, so that
gunicorn's threads and any async code each see their own.
"""

import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from .masking import mask_personal_data

_fields: ContextVar[dict | None] = ContextVar("log_fields", default=None)

# What a request id from a proxy may look like: nginx's $request_id (32 hex digits), UUIDs, and the like.
# Anything else (spaces, quotes, control characters, kilobytes of text) is replaced, not logged.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,99}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def safe_request_id(value: str | None) -> str | None:
    """The value when it is a request id we may log and echo, else None."""
    if value and _SAFE_REQUEST_ID.fullmatch(value):
        return value
    return None


class MaskedText:
    """Text masked (``lib/masking.py``) the first time a log line writes it, not before: a path bound
    for every request costs nothing when nothing is logged."""

    __slots__ = ("_masked", "_raw")

    def __init__(self, raw: str):
        self._raw, self._masked = raw, None

    def __str__(self) -> str:
        if self._masked is None:
            self._masked = mask_personal_data(self._raw)
        return self._masked


def current() -> dict:
    """The fields bound now (a copy; empty outside any request or job)."""
    return dict(_fields.get() or {})


def current_request_id() -> str | None:
    return (_fields.get() or {}).get("request_id")


@contextmanager
def bound(**fields):
    """Binds ``fields`` (on top of those already bound) until the block ends."""
    token = _fields.set({**(_fields.get() or {}), **fields})
    try:
        yield
    finally:
        _fields.reset(token)


def update(**fields) -> None:
    """Adds fields to the binding open now (the user becomes known after the request started); outside
    any binding it does nothing, so that a stray call cannot leak fields into later work."""
    open_fields = _fields.get()
    if open_fields is not None:
        open_fields.update(fields)
