"""/metrics under gunicorn with two worker processes, as an app server runs it
(``-c python:tuyentruyen.lib.gunicorn_conf``, PROMETHEUS_MULTIPROC_DIR, LOG_FORMAT=json): whichever worker
answers the scrape counts the requests of both, the files of a previous run are gone at start, and the
log on stderr is JSON lines with the request id sent back to the client."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tuyentruyen.web.tests.test_probes import TOKEN, sample

ROOT = Path(__file__).resolve().parents[3]
PORTS = range(55550, 55560)  # the ops helper's loopback ports


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {PORTS.start}–{PORTS.stop - 1}")


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def app_server(tmp_path):
    port = free_port()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_99999999.db").write_bytes(b"left by a previous run")
    env = {**os.environ, "VAR_DIR": str(tmp_path), "SQLITE_PATH": str(tmp_path / "empty.sqlite3"),
           "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "METRICS_TOKEN": TOKEN, "LOG_FORMAT": "json",
           "TRUSTED_PROXIES": "127.0.0.1", "DEBUG": "false", "SECURE_COOKIES": "false"}
    env.pop("DATABASE_URL", None)
    stderr = tmp_path / "stderr.log"
    with stderr.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:tuyentruyen.lib.gunicorn_conf",
             "tuyentruyen.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if get(base + "/livez")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start: " + stderr.read_text())
        yield base, metrics_dir, stderr
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_scrape_counts_the_requests_of_every_worker(app_server):
    base, metrics_dir, stderr = app_server
    assert not (metrics_dir / "counter_99999999.db").exists()  # emptied when the server started
    for _ in range(20):
        get(base + "/dang-nhap/")
    # Each scrape is answered by one of the two workers; every one of them sees all 20 requests.
    seen = set()
    for _ in range(6):
        status, headers, text = get(base + "/metrics", Authorization=f"Bearer {TOKEN}")
        assert status == 200
        total = sum(sample(text, "tuyentruyen_http_requests_total", method="GET", status=f"{n}xx") or 0
                    for n in range(1, 6))
        seen.add(total)
        assert sample(text, "tuyentruyen_metrics_multiprocess") == 1.0
    assert seen == {20.0}
    written = {path.name.split("_")[1] for path in metrics_dir.glob("counter_*.db")}
    assert len(written) == 2, written  # both worker processes served requests and wrote their counters

    status, headers, _ = get(base + "/dang-nhap/", **{"X-Request-ID": "nginx-req-0123456789abcdef"})
    assert headers["X-Request-ID"] == "nginx-req-0123456789abcdef"
    time.sleep(0.3)
    lines = [json.loads(line) for line in stderr.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "tuyentruyen.request"]
    assert len(access) == 21 and access[-1]["request_id"] == "nginx-req-0123456789abcdef"
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # gunicorn's own lines are JSON too
