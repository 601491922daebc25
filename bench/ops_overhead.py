"""What operating it costs each request: the request metrics (single-process and multiprocess mode), the
request-id middleware with and without its JSON access line, and a scrape of /metrics' own figures.

Each figure is the median of several runs of many calls, in microseconds per call, so it can be set
beside a page's time (tens of milliseconds). Multiprocess mode writes to memory-mapped files in a temporary
directory, as gunicorn's workers do with PROMETHEUS_MULTIPROC_DIR.

    .venv/bin/python bench/ops_overhead.py [--calls 20000]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OBSERVE = """
import statistics, sys, time
from tuyentruyen.lib import metrics
calls = int(sys.argv[1])
runs = []
for _ in range(5):
    started = time.perf_counter()
    for i in range(calls):
        metrics.observe_request("GET", 200 if i % 10 else 404, 0.012)
    runs.append((time.perf_counter() - started) / calls * 1e6)
started = time.perf_counter()
text = metrics.exposition()
print(f"{statistics.median(runs):.2f} {(time.perf_counter() - started) * 1e3:.2f} {len(text)}")
"""


def observe_cost(calls: int, multiproc_dir: str | None) -> tuple[float, float, int]:
    env = {**os.environ}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    if multiproc_dir:
        env["PROMETHEUS_MULTIPROC_DIR"] = multiproc_dir
    out = subprocess.run([sys.executable, "-c", OBSERVE, str(calls)], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def middleware_cost(calls: int) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyentruyen.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.http import HttpResponse
    from django.test import RequestFactory

    from tuyentruyen.lib.jsonlog import JsonFormatter
    from tuyentruyen.lib.logfilter import MaskPersonalData
    from tuyentruyen.lib.requestlog import RequestLogMiddleware

    response = HttpResponse("ok")
    middleware = RequestLogMiddleware(lambda request: response)
    request = RequestFactory().get("/xa-dong-hoa/tin-tuc/le-ra-quan-cchc-2026/")
    access = logging.getLogger("tuyentruyen.request")
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(MaskPersonalData())
    handler.setFormatter(JsonFormatter())

    def timed() -> float:
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(calls):
                middleware(request)
            runs.append((time.perf_counter() - started) / calls * 1e6)
        return statistics.median(runs)

    figures = {}
    settings.METRICS_TOKEN = ""
    access.setLevel(logging.WARNING)
    figures["request id only (no metrics, no access line)"] = timed()
    settings.METRICS_TOKEN = "x"
    figures["+ request metrics"] = timed()
    access.addHandler(handler)
    access.propagate = False
    access.setLevel(logging.INFO)
    figures["+ JSON access line (masked)"] = timed()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()
    single = observe_cost(args.calls, None)
    with tempfile.TemporaryDirectory() as directory:
        multi = observe_cost(args.calls, directory)
    print(f"{'request metrics, one process':45} {single[0]:8.2f} µs/request   scrape {single[1]:.2f} ms")
    print(f"{'request metrics, multiprocess (mmap files)':45} {multi[0]:8.2f} µs/request   scrape {multi[1]:.2f} ms")
    for label, micros in middleware_cost(max(args.calls // 10, 1000)).items():
        print(f"{'middleware: ' + label:45} {micros:8.2f} µs/request")


if __name__ == "__main__":
    main()
