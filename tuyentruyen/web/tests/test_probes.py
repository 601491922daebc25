"""/livez, /readyz and /metrics (web/probes.py, lib/metrics.py)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder

from tuyentruyen.lib.requestlog import PROBE_PATHS
from tuyentruyen.web import probes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture(autouse=True)
def fresh_migration_check():
    probes.forget_migration_check()
    yield
    probes.forget_migration_check()


def broken_cursor(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


def scrape(client):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def sample(text: str, name: str, **labels) -> float | None:
    """The value of one sample in a Prometheus text exposition."""
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name:
            found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
            if found == labels:
                return float(match[3])
    return None


def test_every_probe_path_has_its_view():
    assert set(probes.PROBES) == PROBE_PATHS


def test_livez_answers_without_touching_the_database(client, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(connection, "cursor", broken_cursor)
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_probes_skip_login_redirects_and_host_checks(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # would send every plain-HTTP request to https://
    settings.ALLOWED_HOSTS = ["cchc.example.gov.vn"]  # a prober calls the server by its address
    for path in ("/livez", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.0.7:8000")
        assert response.status_code == 200, path
        assert "Content-Security-Policy" not in response and "Set-Cookie" not in response
    assert client.post("/livez").status_code == 405


def test_readyz_is_ok_when_database_migrations_and_storage_are(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "storage": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["database"] == "unreachable"
    assert "database: unreachable" in body["reason"]


def test_readyz_is_503_while_a_migration_is_not_applied(client):
    last = MigrationRecorder.Migration.objects.filter(app="jobs").order_by("-name").first()
    last.delete()  # as if the code were deployed before `migrate` ran
    response = client.get("/readyz")
    assert response.status_code == 503
    assert f"jobs.{last.name}" in response.json()["checks"]["migrations"]

    MigrationRecorder.Migration.objects.create(app="jobs", name=last.name)
    assert client.get("/readyz").status_code == 503  # the answer is kept a few seconds
    probes.forget_migration_check()
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_the_storage_does_not_answer(client, monkeypatch):
    from django.core.files.storage import storages

    def unreachable(self, name):
        raise OSError("connection refused")

    monkeypatch.setattr(type(storages["default"]), "exists", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["storage"] == "unreachable"


def test_metrics_is_404_without_a_token_setting(client, settings):
    settings.METRICS_TOKEN = ""
    assert scrape(client).status_code == 404


def test_metrics_asks_for_the_token(client, settings):
    settings.METRICS_TOKEN = TOKEN
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}x").status_code == 403


def test_metrics_answers_prometheus_text_with_help_and_type(client, settings):
    settings.METRICS_TOKEN = TOKEN
    client.get("/dang-nhap/")
    response = scrape(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    for name, kind in (("tuyentruyen_http_requests_total", "counter"),
                       ("tuyentruyen_http_request_duration_seconds", "histogram"),
                       ("tuyentruyen_jobs_ready", "gauge"), ("tuyentruyen_jobs_oldest_ready_age_seconds", "gauge"),
                       ("tuyentruyen_processes_alive", "gauge"), ("tuyentruyen_db_up", "gauge"),
                       ("tuyentruyen_metrics_multiprocess", "gauge")):
        assert f"# HELP {name} " in text and f"# TYPE {name} {kind}" in text, name
    assert sample(text, "tuyentruyen_db_up") == 1.0
    if connection.vendor == "postgresql":
        assert sample(text, "tuyentruyen_db_max_connections") > 0
        assert "tuyentruyen_db_connections{" in text
    else:
        assert "tuyentruyen_db_connections" not in text  # SQLite has no connections to count


def test_counters_and_latencies_move_with_requests(client, settings):
    settings.METRICS_TOKEN = TOKEN
    before = scrape(client).content.decode()
    ok_before = sample(before, "tuyentruyen_http_requests_total", method="GET", status="2xx") or 0
    missing_before = sample(before, "tuyentruyen_http_requests_total", method="GET", status="4xx") or 0
    count_before = sample(before, "tuyentruyen_http_request_duration_seconds_count", method="GET") or 0
    client.get("/dang-nhap/")
    client.get("/dang-nhap/")
    client.get("/khong-co-trang-nay/")
    client.get("/livez")  # probes are not counted
    after = scrape(client).content.decode()
    assert sample(after, "tuyentruyen_http_requests_total", method="GET", status="2xx") == ok_before + 2
    assert sample(after, "tuyentruyen_http_requests_total", method="GET", status="4xx") == missing_before + 1
    assert sample(after, "tuyentruyen_http_request_duration_seconds_count", method="GET") == count_before + 3
    assert sample(after, "tuyentruyen_http_request_duration_seconds_bucket", method="GET", le="+Inf") == (
        count_before + 3)


def test_no_request_metrics_are_kept_without_a_token(client, settings):
    settings.METRICS_TOKEN = TOKEN
    before = sample(scrape(client).content.decode(), "tuyentruyen_http_requests_total", method="GET",
                    status="2xx") or 0
    settings.METRICS_TOKEN = ""
    client.get("/dang-nhap/")
    settings.METRICS_TOKEN = TOKEN
    assert (sample(scrape(client).content.decode(), "tuyentruyen_http_requests_total", method="GET",
                   status="2xx") or 0) == before


def test_metrics_still_answer_when_the_database_does_not(client, settings, monkeypatch):
    settings.METRICS_TOKEN = TOKEN
    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = scrape(client)
    assert response.status_code == 200
    text = response.content.decode()
    assert sample(text, "tuyentruyen_db_up") == 0.0 and "tuyentruyen_http_requests_total" in text


def test_an_unknown_method_is_counted_as_other():
    from tuyentruyen.lib import metrics

    assert [metrics.method_label(m) for m in ("GET", "POST", "PROPFIND", "X" * 50)] == [
        "GET", "POST", "other", "other"]
    assert [metrics.status_class(code) for code in (200, 302, 404, 503, 999)] == [
        "2xx", "3xx", "4xx", "5xx", "other"]


COUNT_REQUESTS = """
import sys
from tuyentruyen.lib import metrics
for _ in range(int(sys.argv[1])):
    metrics.observe_request("GET", 200, 0.02)
"""
SCRAPE = "import sys; from tuyentruyen.lib import metrics; sys.stdout.write(metrics.exposition().decode())"


def test_in_multiprocess_mode_a_scrape_adds_up_every_worker_process(tmp_path):
    """Two gunicorn workers are two processes: with PROMETHEUS_MULTIPROC_DIR whichever answers the scrape
    reports both processes' requests."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    for count in (3, 4):
        subprocess.run([sys.executable, "-c", COUNT_REQUESTS, str(count)], cwd=ROOT, env=env, check=True,
                       timeout=60)
    text = subprocess.run([sys.executable, "-c", SCRAPE], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True, timeout=60).stdout
    assert sample(text, "tuyentruyen_http_requests_total", method="GET", status="2xx") == 7.0
    assert sample(text, "tuyentruyen_http_request_duration_seconds_bucket", method="GET", le="0.025") == 7.0
    assert sample(text, "tuyentruyen_metrics_multiprocess") == 1.0

    wipe = "from tuyentruyen.lib import metrics; metrics.gunicorn_on_starting(None)"
    subprocess.run([sys.executable, "-c", wipe], cwd=ROOT, env=env, check=True, timeout=60)
    text = subprocess.run([sys.executable, "-c", SCRAPE], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True, timeout=60).stdout
    assert sample(text, "tuyentruyen_http_requests_total", method="GET", status="2xx") is None
