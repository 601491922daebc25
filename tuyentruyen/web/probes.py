"""``/livez``, ``/readyz`` and ``/metrics``: what a load balancer, an orchestrator and Prometheus ask.

They are answered by a middleware placed right after the request log (``lib/requestlog.py``), before
every other one: no session, no login or second-factor step, no tenant scope, no redirect to HTTPS or to
a commune's own domain, no host check (a prober calls the server by its address), no CSP, no rate limit;
and never cached.

- ``/livez``: the process answers. Nothing else is touched, so a busy database does not get a healthy
  server restarted.
- ``/readyz``: this server can serve: the database answers, every migration is applied (checked at most
  every ``MIGRATION_CHECK_SECONDS``: loading the migration graph is the costly part), the default storage
  answers a cheap ``exists()``. 503 with the failing check otherwise, so that nginx or the orchestrator
  sends no traffic to a server started before ``migrate`` or cut off from the database or object store.
- ``/metrics``: Prometheus text when ``METRICS_TOKEN`` is set and the request bears
  ``Authorization: Bearer <token>``; 404 when no token is set (nothing to protect it with), 401 without
  the header, 403 with another token. ``/healthz`` (``views.healthz``) stays as it was, for people.
"""

import hmac
import logging
import threading
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from prometheus_client.core import GaugeMetricFamily

from tuyentruyen.jobs.metrics import JobsCollector
from tuyentruyen.lib import metrics

logger = logging.getLogger(__name__)

MIGRATION_CHECK_SECONDS = 10.0
# A name no code writes: exists() of it asks the storage a question without changing anything.
STORAGE_PROBE_NAME = ".readyz-probe"

_migration_check = {"at": None, "pending": None}
_migration_lock = threading.Lock()


def livez(request):
    return JsonResponse({"status": "ok"})


def pending_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Migrations known to the code and not applied to the database, at most MIGRATION_CHECK_SECONDS old."""
    now = time.monotonic()
    with _migration_lock:
        at = _migration_check["at"]
        if at is not None and now - at < MIGRATION_CHECK_SECONDS:
            return _migration_check["pending"]
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    with _migration_lock:
        _migration_check.update(at=now, pending=pending)
    return pending


def forget_migration_check() -> None:
    with _migration_lock:
        _migration_check.update(at=None, pending=None)


def readiness() -> tuple[bool, dict]:
    checks = {"database": "ok", "migrations": "ok", "storage": "ok"}
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        checks.update(database="unreachable", migrations="unknown")
    else:
        try:
            pending = pending_migrations()
        except DatabaseError:
            checks["migrations"] = "unknown"
        else:
            if pending:
                checks["migrations"] = f"{len(pending)} not applied: " + ", ".join(pending[:10])
    try:
        default_storage.exists(STORAGE_PROBE_NAME)
    except Exception as exc:  # noqa: BLE001 - whatever the backend raises (OSError, botocore's errors), it is not ready
        logger.warning("readyz: storage unreachable (%s)", type(exc).__name__)
        checks["storage"] = "unreachable"
    return all(value == "ok" for value in checks.values()), checks


_last_readiness = {"ready": None}


def readyz(request):
    ready, checks = readiness()
    failed = [name for name, value in checks.items() if value != "ok"]
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    if not ready:
        body["reason"] = "; ".join(f"{name}: {checks[name]}" for name in failed)
    # One line when the answer changes, not one per poll of the load balancer.
    if _last_readiness["ready"] is not ready:
        if ready:
            logger.info("readyz: ready")
        else:
            logger.warning("readyz: not ready (%s)", body["reason"])
        _last_readiness["ready"] = ready
    return JsonResponse(body, status=200 if ready else 503)


class DatabaseCollector:
    """Connections to this database (PostgreSQL: ``pg_stat_activity``, every client of it, through the
    pooler or not) and the server's limit; nothing on SQLite, which has no connections to count."""

    def collect(self):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity "
                           "WHERE datname = current_database() GROUP BY 1 ORDER BY 1")
            rows = cursor.fetchall()
            cursor.execute("SHOW max_connections")
            limit = int(cursor.fetchone()[0])
        by_state = GaugeMetricFamily("tuyentruyen_db_connections",
                                     "Connections to this database, by state (pg_stat_activity).", labels=["state"])
        for state, count in rows:
            by_state.add_metric([state], count)
        yield by_state
        yield GaugeMetricFamily("tuyentruyen_db_max_connections", "The database server's max_connections.",
                                value=limit)


class InstallationCollector:
    """The installation's figures read from the database; a database that does not answer is reported as
    ``tuyentruyen_db_up 0`` and the rest of the scrape still answers."""

    def collect(self):
        families = []
        try:
            for collector in (JobsCollector(), DatabaseCollector()):
                families.extend(collector.collect())
            up = 1
        except DatabaseError as exc:
            logger.warning("metrics: database figures unavailable (%s)", type(exc).__name__)
            families, up = [], 0
        yield GaugeMetricFamily("tuyentruyen_db_up", "1 when the database answered this scrape.", value=up)
        yield from families


def metrics_view(request):
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return HttpResponse("Không tìm thấy trang.", status=404, content_type="text/plain; charset=utf-8")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        response = HttpResponse("Cần mã truy cập.", status=401, content_type="text/plain; charset=utf-8")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    scheme, _, sent = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(sent.strip().encode(), token.encode()):
        return HttpResponse("Mã truy cập không đúng.", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics.exposition(InstallationCollector()), content_type=metrics.CONTENT_TYPE)


PROBES = {"/livez": livez, "/readyz": readyz, "/metrics": metrics_view}  # the paths of PROBE_PATHS


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
        else:
            response = probe(request)
        add_never_cache_headers(response)
        # Django logs every 4xx/5xx response; a 503 while starting or a 404 for a scraper is an answer
        # here, and readyz logs its own changes of state (above).
        response._has_been_logged = True
        return response
