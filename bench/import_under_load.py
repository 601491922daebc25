"""A large Excel import while people keep working: 15,000 activities imported in the background while 10
clients record activities through the web form, on SQLite.

    .venv/bin/python bench/import_under_load.py [--rows 15000] [--clients 10] [--baseline 10]

Builds a throw-away installation in a temporary directory (VAR_DIR: SQLite database, media, secret key,
logs), seeds one commune, an officer and one unit officer per client, and starts the processes as
``./run`` does: gunicorn on 127.0.0.1 (2 workers, 4 threads) and ``manage.py run_worker``. Then:

1. baseline: the clients record activities for ``--baseline`` seconds with nothing else running;
2. the officer uploads the file; the clients go on recording until the import job has finished.

Prints for each phase the clients' writes, errors (target 0: a refused form, a 5xx, a timeout or
"database is locked" all count) and p50/p95 latency; the import's duration (upload to "done"), its
status, and the worker process's peak memory (VmHWM: the whole process, Django included). Nothing
leaves 127.0.0.1; the development database is never touched; everything stops by itself.
"""

import argparse
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD_LENGTH = 16


# --- seeding (a child process with Django set up) ----------------------------------------------------------
def seed(clients: int) -> None:
    """Prints, one per line: the kind id, then the session cookies (officer first, then each client)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.lib.current import acting_as
    from tuyentruyen.lib.tenancy import commune_scope
    from tuyentruyen.localities.models import Commune, Province, Unit
    from tuyentruyen.localities.services import onboard_commune
    from tuyentruyen.work.services import ensure_kinds

    with acting_as(None):
        province = Province.objects.create(code=98, name="Tỉnh Thử Tải", codename="thu_tai_nhap", kind="tỉnh")
        commune = onboard_commune(Commune.objects.create(code=98001, province=province, kind="xa", name="Phú Lộc",
                                                         slug="xa-phu-loc-bench"))
        with commune_scope(commune):
            kind = next(k for k in ensure_kinds(commune).values() if k.active)
            units = list(Unit.objects.filter(commune=commune, active=True).order_by("pk"))
        users = [create_user("canbo", secrets.token_urlsafe(PASSWORD_LENGTH), roles=[Role.OFFICER], commune=commune,
                             full_name="Cán bộ phụ trách")]
        for index in range(clients):
            users.append(create_user(f"nguoighi{index}", secrets.token_urlsafe(PASSWORD_LENGTH),
                                     roles=[Role.OFFICER], commune=commune, full_name=f"Người ghi {index}"))
    print(kind.pk)
    print(units[0].name)
    print(kind.name)
    for user in users:  # a logged-in session per person, as the login page would leave it
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        print(session.session_key)


def make_workbook(rows: int, unit: str, kind: str, dates: list | None = None) -> bytes:
    """``dates``: the rows' dates in turn (default: the 1st to the 28th of each month of 2025)."""
    from datetime import datetime

    from openpyxl import Workbook

    header = ["Mã hoạt động", "Ngày", "Đến ngày", "Đơn vị", "Hình thức", "Tiêu đề", "Nội dung tuyên truyền", "Kênh",
              "Đối tượng", "Số lượng", "Đơn vị tính", "Lượt tiếp cận", "Địa điểm", "Đường dẫn minh chứng",
              "Công khai"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hoạt động")
    ws.append(header)
    for i in range(rows):
        ws.append([None, dates[i % len(dates)] if dates else datetime(2025, 1 + i % 12, 1 + i % 28), None, unit, kind,
                   f"Tuyên truyền dịch vụ công trực tuyến, buổi {i + 1}", "", "Đài truyền thanh xã", "Nhân dân",
                   1 + i % 30, "", 100 + i, f"Thôn {i % 9 + 1}", f"https://xa.gov.vn/tin/{i}", "Không"])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    # Some tools write a sheet whose declared size is wrong; the importer must count the real rows.
    return _shrink_dimension(data)


def _shrink_dimension(data: bytes) -> bytes:
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(rb"<dimension ref=\"[^\"]+\"/>", b'<dimension ref="A1:O2"/>', content, count=1)
            target.writestr(item, content)
    return out.getvalue()


# --- web clients ---------------------------------------------------------------------------------------------
class Client:
    def __init__(self, port: int, session_key: str):
        self.base = f"http://127.0.0.1:{port}"
        jar = http.cookiejar.CookieJar()
        jar.set_cookie(http.cookiejar.Cookie(0, "sessionid", session_key, None, False, "127.0.0.1", False, False,
                                             "/", True, False, None, False, None, None, {}))
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def post(self, path: str, data: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=data, headers={
            "Content-Type": content_type, "Referer": self.base + path, "Origin": self.base})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def hidden_fields(page: str) -> dict:
    """Every hidden input of the page's form (the CSRF token, and any one-time token a form carries)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def recorder(client: Client, kind_id: int, stop: threading.Event, samples: list, errors: list, index: int,
             day: str = "2025-09-15") -> None:
    count = 0
    while not stop.is_set():
        count += 1
        started = time.perf_counter()
        try:
            status, page = client.get("/hoat-dong/them/")
            if status != 200:
                errors.append(f"GET form {status}")
                continue
            data = {**hidden_fields(page), "kind": str(kind_id), "date": day,
                    "title": f"Họp dân thôn {index}, lần {count}", "reach": "40"}
            status, page = client.post("/hoat-dong/them/", urllib.parse.urlencode(data).encode(),
                                       "application/x-www-form-urlencoded")
            if status != 302:
                reason = re.search(r'class="error[^"]*"[^>]*>([^<]{0,120})', page)
                errors.append(f"POST {status} {reason.group(1).strip() if reason else ''}".strip())
            else:
                samples.append(time.perf_counter() - started)
        except Exception as exc:  # a timeout or a refused connection is an error the user would see
            errors.append(f"{type(exc).__name__}: {exc}")


def upload(client: Client, data: bytes) -> str:
    status, page = client.get("/hoat-dong/excel/nhap/")
    boundary = secrets.token_hex(12)
    parts = []
    for name, value in hidden_fields(page).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="hoat-dong.xlsx"\r\n'
                 "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
                 + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(client.base + "/hoat-dong/excel/nhap/", data=b"".join(parts), headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": client.base + "/hoat-dong/excel/nhap/"})
    with client.opener.open(request, timeout=120) as response:
        location = response.headers.get("Location", "")
        if response.status != 302 or "/lan-nhap/" not in location:
            raise SystemExit(f"the upload did not start a background job ({response.status} {location})")
        return location


def run_phase(clients, kind_id, until, day: str = "2025-09-15") -> tuple[list, list, float]:
    stop, samples, errors = threading.Event(), [], []
    threads = [threading.Thread(target=recorder, args=(c, kind_id, stop, samples, errors, i, day), daemon=True)
               for i, c in enumerate(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    until()
    stop.set()
    for thread in threads:
        thread.join(timeout=90)
    return samples, errors, time.monotonic() - started


def summarise(name: str, samples: list, errors: list, seconds: float) -> None:
    if samples:
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(f"{name}: {len(samples)} activities recorded in {seconds:.1f} s by the clients, "
              f"errors {len(errors)}, p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
              f"max {ordered[-1] * 1000:.0f} ms")
    else:
        print(f"{name}: no write succeeded; errors {len(errors)}")
    for message, count in sorted({e: errors.count(e) for e in errors}.items(), key=lambda kv: -kv[1])[:5]:
        print(f"    {count} × {message}")


# --- orchestration -------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                body = response.read().decode()
                if '"worker": {"status": "ok"' in body:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn or the worker did not start")


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=15000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--baseline", type=float, default=10, help="seconds of writes before the import")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        seed(args.seed)
        return

    workdir = Path(tempfile.mkdtemp(prefix="import-load-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuyentruyen.settings", "VAR_DIR": str(workdir),
           "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_COOKIES": "false", "LOG_LEVEL": "ERROR", "DATABASE_URL": "", "PYTHONPATH": str(ROOT)}
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SQLITE_PATH", "MEDIA_ROOT", "STATIC_ROOT"):
        env.pop(name, None)
    processes = []
    try:
        print(f"→ temporary installation in {workdir}")
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
        out = subprocess.run([PYTHON, __file__, "--seed", str(args.clients)], env=env, check=True, cwd=ROOT,
                             capture_output=True, text=True).stdout.split("\n")
        kind_id, unit, kind, sessions = int(out[0]), out[1], out[2], [s for s in out[3:] if s]
        data = make_workbook(args.rows, unit, kind)
        print(f"→ {args.rows} rows, {len(data) / 1e6:.1f} MB (the sheet declares A1:O2)")
        port = free_port()
        logs = open(workdir / "processes.log", "ab")
        processes.append(subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "tuyentruyen.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=logs, stderr=logs, start_new_session=True))
        worker = subprocess.Popen([*manage, "run_worker", "--queue-name", "default"], env=env, cwd=ROOT,
                                  stdout=logs, stderr=logs, start_new_session=True)
        processes.append(worker)
        wait_until_up(port)
        officer, clients = Client(port, sessions[0]), [Client(port, s) for s in sessions[1:]]

        samples, errors, seconds = run_phase(clients, kind_id, lambda: time.sleep(args.baseline))
        summarise("baseline (no import)", samples, errors, seconds)

        database = sqlite3.connect(f"file:{workdir / 'tuyentruyen.sqlite3'}?mode=ro", uri=True, timeout=30)
        outcome = {}

        def import_runs():
            started = time.monotonic()
            location = upload(officer, data)
            job_id = int(re.search(r"/lan-nhap/(\d+)/", location).group(1))
            while True:
                status, result = database.execute("SELECT status, result FROM work_importjob WHERE id = ?",
                                                  (job_id,)).fetchone()
                if status in ("done", "refused", "failed"):
                    outcome.update(status=status, result=result, seconds=time.monotonic() - started)
                    return
                if time.monotonic() - started > 1800:
                    outcome.update(status="timeout", result="", seconds=time.monotonic() - started)
                    return
                time.sleep(0.5)

        samples, errors, seconds = run_phase(clients, kind_id, import_runs)
        summarise(f"during the import ({args.clients} clients)", samples, errors, seconds)
        print(f"import: {outcome['status']} {outcome['result']} in {outcome['seconds']:.1f} s "
              f"(upload to done, {args.rows / outcome['seconds']:.0f} rows/s)")
        print(f"worker peak memory (VmHWM, whole process): {peak_memory_mb(worker.pid):.0f} MB")
        if errors:
            print("last lines of the servers' log:")
            lines = (workdir / "processes.log").read_text(errors="replace").splitlines()
            print("\n".join("    " + line for line in lines[-25:]))
        visible = database.execute("SELECT count(*) FROM work_activity WHERE deleted_at IS NULL").fetchone()[0]
        print(f"activities visible afterwards: {visible}")
        database.close()
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
