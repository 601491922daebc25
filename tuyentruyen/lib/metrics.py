"""Request counters and latencies of the web processes, in the Prometheus text format (``GET /metrics``).

Several gunicorn workers are several processes; a scrape reaches one of them. So that its answer counts
the requests of every worker of the server, ``prometheus_client``'s multiprocess mode is used when
``PROMETHEUS_MULTIPROC_DIR`` names a directory (one per app server, emptied when the server starts: see
``gunicorn_on_starting``): each process writes its counters to its own memory-mapped file there, and a
scrape adds them up. Without it the counters are the answering process's own, which is right for one
process (``runserver``, tests) and says so in ``tuyentruyen_metrics_multiprocess 0``.

Why not counters in the database or the cache: one more write per request (a round trip, and on SQLite
the write lock), against a memory write of a few microseconds here. Servers are added up by Prometheus,
which scrapes each app server as its own target (``sum by (status) (rate(...))``).

Figures of the installation as a whole (job queue, heartbeats, database connections) are read at scrape
time by the caller and passed in as collectors (``web/probes.py``), so every server reports the same.
"""

import glob
import os

from prometheus_client import (
    CONTENT_TYPE_PLAIN_0_0_4,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

# A "_created" series beside every counter doubles the text for nothing Prometheus needs here.
disable_created_metrics()

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if MULTIPROC_DIR:
    # A missing directory would fail each request's first counter write, not the start: make it.
    os.makedirs(MULTIPROC_DIR, exist_ok=True)

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

# Seconds: from a cached public page (a few ms) to the heaviest report export (tens of seconds).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# Anything else a client may send is counted as "other", so that a client cannot add label values.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

_registry = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("tuyentruyen_http_requests", "HTTP requests answered, by method and status class.",
                   ["method", "status"], registry=_registry)
LATENCY = Histogram("tuyentruyen_http_request_duration_seconds",
                    "Time from the request's arrival to its response's start, by method.",
                    ["method"], buckets=LATENCY_BUCKETS, registry=_registry)


def method_label(method: str) -> str:
    return method if method in METHODS else "other"


def status_class(status_code: int) -> str:
    return f"{status_code // 100}xx" if 100 <= status_code <= 599 else "other"


def observe_request(method: str, status_code: int, seconds: float) -> None:
    method = method_label(method)
    REQUESTS.labels(method=method, status=status_class(status_code)).inc()
    LATENCY.labels(method=method).observe(seconds)


class _Mode:
    def collect(self):
        yield GaugeMetricFamily("tuyentruyen_metrics_multiprocess",
                                "1: request counters add up every worker process of this server; "
                                "0: they are the answering process's own.", value=1 if MULTIPROC_DIR else 0)


class _Scrape:
    def __init__(self, collectors):
        self.collectors = collectors

    def collect(self):
        for collector in self.collectors:
            yield from collector.collect()


def exposition(*collectors) -> bytes:
    """The text of a scrape: this server's request metrics, then what ``collectors`` yield."""
    if MULTIPROC_DIR:
        from prometheus_client import multiprocess

        own = multiprocess.MultiProcessCollector(None, path=MULTIPROC_DIR)
    else:
        own = _registry
    return generate_latest(_Scrape([own, _Mode(), *collectors]))


def gunicorn_on_starting(server=None) -> None:
    """For gunicorn's ``on_starting`` hook (``on_starting = gunicorn_on_starting`` in its config): the files
    of a previous run of this server are removed before any worker writes, so that counters restart from
    zero with the server (Prometheus sees a counter reset) instead of carrying dead processes' files
    forever."""
    if MULTIPROC_DIR:
        for path in glob.glob(os.path.join(MULTIPROC_DIR, "*.db")):
            os.remove(path)
