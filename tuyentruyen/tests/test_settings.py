import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "ALLOWED_HOSTS": "cchc.example.gov.vn",
    "SECURE_SSL_REDIRECT": "true",
}


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, **PRODUCTION_ENV, "VAR_DIR": str(tmp_path)}
    # ./test exports these for its own run (Playwright, the plain-HTTP demo); production has neither.
    for name in ("SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_secret_key_is_made_and_kept_when_none_is_given(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"VAR_DIR": str(tmp_path)}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    run = [sys.executable, "-c", f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tuyentruyen.settings'); django.setup(); {code}"]
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60).stdout.strip()
    second = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60).stdout.strip()
    assert len(first) > 40 and first == second
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only setting; this run is on " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
        cursor.execute("PRAGMA journal_mode")
        # the test database lives in memory, where SQLite reports 'memory'; on disk it is 'wal'
        assert cursor.fetchone()[0] in ("wal", "memory")


def test_sqlite_on_disk_is_wal(tmp_path):
    env = {**os.environ, "VAR_DIR": str(tmp_path), "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    env.pop("DATABASE_URL", None)
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tuyentruyen.settings'); "
            "django.setup(); from django.db import connection; c = connection.cursor(); "
            "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "wal", out.stderr


def test_dates_read_dd_mm_yyyy_and_time_is_vietnam():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert Template("{{ d|date }}").render(Context({"d": date(2026, 3, 5)})) == "05/03/2026"


@pytest.mark.django_db
def test_error_pages_speak_vietnamese(client, officer_a):
    client.force_login(officer_a)
    not_found = client.get("/khong-co-trang-nay/")
    assert not_found.status_code == 404 and "Không tìm thấy trang" in not_found.content.decode()
    forbidden = client.get("/nguoi-dung/")
    assert forbidden.status_code == 403 and "Không có quyền truy cập" in forbidden.content.decode()
    assert "Hệ thống đang gặp sự cố" in (ROOT / "tuyentruyen/templates/500.html").read_text()
