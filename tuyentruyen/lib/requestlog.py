"""The outermost middleware: a request id for every request, one access-log line, the request metrics.

- The id: ``X-Request-ID`` as sent by a reverse proxy listed in ``TRUSTED_PROXIES`` (``lib/client.py``)
  when it looks like an id (``logcontext.safe_request_id``); anyone else's, or a malformed one, is replaced
  by a new one. It is bound for the request's log lines (``lib/logcontext.py``), kept on
  ``request.request_id`` and sent back in the response's ``X-Request-ID``, so that a user's report, the
  proxy's log and ours meet on one value.
- One line per request on the logger ``tuyentruyen.request`` (INFO): method, path without its query
  string (which may carry a resident's search or phone number), status, duration. Probes (``/livez``,
  ``/readyz``, ``/metrics``) are logged at DEBUG and not counted, so that a load balancer polling every
  few seconds does not drown the log or skew the latencies.
- The counters and the latency histogram (``lib/metrics.py``), only when ``METRICS_TOKEN`` is set.
"""

import logging
import time

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from . import logcontext, metrics
from .client import is_trusted_proxy

logger = logging.getLogger("tuyentruyen.request")

PROBE_PATHS = frozenset({"/livez", "/readyz", "/metrics"})
HEADER = "X-Request-ID"


def request_id_for(request) -> str:
    sent = request.META.get("HTTP_X_REQUEST_ID")
    if sent and settings.TRUSTED_PROXIES and is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        kept = logcontext.safe_request_id(sent)
        if kept:
            return kept
    return logcontext.new_request_id()


def _loaded_user(request):
    """The user when something already loaded them; loading them for a log line would cost a query."""
    user = request.__dict__.get("user")  # set by AuthenticationMiddleware; absent before it ran
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user


def _user_fields(request, view_kwargs=None) -> dict:
    """The user id and the commune's slug, from what the request already loaded: the user (the auth
    backend loads their commune with them) and the public page's commune. No query is made here."""
    fields = {}
    slug = (view_kwargs or {}).get("commune_slug")
    public = getattr(request, "public_commune", None)
    if public is not None:
        slug = getattr(public, "slug", slug)
    user = _loaded_user(request)
    if user is not None and user.is_authenticated:
        fields["user_id"] = user.pk
        if slug is None:
            try:
                field = user._meta.get_field("commune")
            except Exception:  # noqa: BLE001 - a user model without a commune
                field = None
            if field is not None and field.is_cached(user):
                slug = getattr(field.get_cached_value(user), "slug", None)
    if slug:
        fields["commune"] = slug
    return fields


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        probe = request.path_info in PROBE_PATHS
        with logcontext.bound(request_id=request.request_id, method=request.method,
                              path=logcontext.MaskedText(request.path)):
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[HEADER] = request.request_id
            if not probe:
                logcontext.update(**_user_fields(request))
                if getattr(settings, "METRICS_TOKEN", ""):
                    metrics.observe_request(request.method, response.status_code, seconds)
            level = logging.DEBUG if probe else logging.INFO
            if logger.isEnabledFor(level):
                fields = logcontext.current()
                logger.log(level, "%s %s %s", request.method, fields["path"], response.status_code,
                           extra={"status": response.status_code, "duration_ms": round(seconds * 1000, 1)})
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Every middleware has run its request part (the user is known): later log lines carry them.
        logcontext.update(**_user_fields(request, view_kwargs))
        return None
