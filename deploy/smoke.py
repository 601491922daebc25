"""Smoke test of the topology that ``deploy/topology up`` started: through nginx, and pinned to app server
A or B (their own ports) where a check needs one server to write and the other to read.

    deploy/topology smoke [--load-seconds 20] [--clients 8]

0. every connection through PgBouncer still finds the tables after the daily backup (no session state left);
1. a resident's feedback with an attachment posted to A; staff read it on B (the same bytes);
2. an evidence file uploaded on A, downloaded on B (the same bytes);
3. both files are objects in the S3 bucket and on no process's local disk;
4. an Excel import of activities (more rows than the background threshold) enqueued through nginx and
   done by whichever worker takes it (printed);
5. a bounded load (public pages and a logged-in page, through nginx) during which app server A is killed
   with ``kill -9``: failed requests before and after nginx takes it out (expected: none at all); A is then
   started again and answers.

Exits non-zero on any failure, saying in English what failed. Talks to 127.0.0.1 only. Needs the
environment that ``deploy/topology`` exports (its ``env`` file), hence run through it.
"""

import argparse
import datetime
import hashlib
import http.cookiejar
import io
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from import_under_load import NoRedirect, hidden_fields, make_workbook  # noqa: E402

DEMO_SLUG = "xa-dong-hoa"
OFFICER = "canbo"
IMPORT_ROWS = 150
# Files above this many rows are imported by a worker (the commune setting ``xlsx_background_rows``, default
# 1,000): lowered for the smoke commune so that a small file takes the background path quickly.
BACKGROUND_ROWS = 100


class Failure(Exception):
    pass


# --- an HTTP client that logs in like a browser --------------------------------------------------------
class Browser:
    """One person's browser: a cookie jar shared by every server (cookies are per host, not per port, as
    in a real browser), no redirect followed, CSRF token taken from each form."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, base: str, path: str, data: bytes | None = None, content_type: str = "",
                timeout: float = 60) -> tuple[int, dict, bytes]:
        headers = {"User-Agent": "topology-smoke", "Accept-Encoding": "identity"}
        if data is not None:
            headers.update({"Content-Type": content_type, "Referer": base + path, "Origin": base})
        request = urllib.request.Request(base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def get(self, base: str, path: str, timeout: float = 60) -> tuple[int, dict, bytes]:
        return self.request(base, path, timeout=timeout)

    def post_form(self, base: str, path: str, fields: dict) -> tuple[int, dict, bytes]:
        return self.request(base, path, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def post_multipart(self, base: str, path: str, fields: dict, files: list[tuple[str, str, bytes, str]]):
        boundary = secrets.token_hex(12)
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        for field, filename, content, mime in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                         f"Content-Type: {mime}\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(base, path, b"".join(parts), f"multipart/form-data; boundary={boundary}")

    def form(self, base: str, path: str) -> tuple[str, dict]:
        status, _, body = self.get(base, path)
        if status != 200:
            raise Failure(f"GET {base}{path} answered {status}")
        page = body.decode()
        return page, hidden_fields(page)

    def login(self, base: str, username: str, password: str) -> None:
        _, fields = self.form(base, "/dang-nhap/")
        status, headers, _ = self.post_form(base, "/dang-nhap/", {**fields, "username": username, "password": password})
        if status != 302:
            raise Failure(f"login of {username} on {base} answered {status}, not a redirect")


def location(headers: dict) -> str:
    return headers.get("Location") or headers.get("location") or ""


def fetch_file(browser: Browser, base: str, path: str) -> bytes:
    """A private file as a person gets it: straight from the app, or through the short-lived signed URL
    it redirects to."""
    status, headers, body = browser.get(base, path)
    if status in (302, 303, 307) and location(headers):
        target = urllib.parse.urljoin(base + path, location(headers))
        with urllib.request.urlopen(target, timeout=60) as response:
            return response.read()
    if status != 200:
        raise Failure(f"GET {base}{path} answered {status}")
    return body


def listed_file(browser: Browser, base: str, page_path: str, link_pattern: str, page_name: str, what: str) -> bytes:
    """The bytes of the first file a page links to (``link_pattern``), fetched from the same server."""
    status, _, body = browser.get(base, page_path)
    link = re.search(f'href="({link_pattern})"', body.decode())
    if status != 200 or not link:
        raise Failure(f"{page_name} on {base} lists no {what} (status {status})")
    return fetch_file(browser, base, link.group(1))


def picture(seed: int) -> bytes:
    """A small PNG no one else has uploaded (random pixels), so its bytes identify it everywhere."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.new("RGB", (48, 48))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(48 * 48)])
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- the checks ----------------------------------------------------------------------------------------
def check_feedback(app_a: str, app_b: str, password: str) -> bytes:
    resident = Browser()
    attachment = picture(secrets.randbits(32))
    title = f"Đường vào trụ sở xã bị ngập, mã kiểm tra {secrets.token_hex(4)}"
    path = f"/{DEMO_SLUG}/phan-anh/"
    page, fields = resident.form(app_a, path)
    category = re.search(r'name="category"[^>]*>.*?<option value="([^"]+)"', page, re.S)
    fields.update({"category": category.group(1) if category else "", "title": title,
                   "content": "Sau cơn mưa chiều qua, đoạn đường vào trụ sở xã ngập sâu, người dân khó đi làm thủ tục.",
                   "website": ""})
    status, headers, body = resident.post_multipart(app_a, path, fields, [("attachments", "anh-ngap.png", attachment,
                                                                            "image/png")])
    if status != 302 or "/theo-doi/" not in location(headers):
        raise Failure(f"feedback posted to A answered {status} {location(headers)} {body[:300]!r}")
    staff = Browser()
    staff.login(app_b, OFFICER, password)
    status, _, body = staff.get(app_b, "/phan-anh-kien-nghi/")
    found = re.search(r'href="/phan-anh-kien-nghi/(\d+)/">' + re.escape(title), body.decode())
    if status != 200 or not found:
        raise Failure(f"the feedback posted to A is not in B's inbox (status {status})")
    if listed_file(staff, app_b, f"/phan-anh-kien-nghi/{found.group(1)}/", r"/phan-anh-kien-nghi/\d+/tep/\d+/",
                   "the feedback's page", "attachment") != attachment:
        raise Failure("the attachment read on B differs from the one posted to A")
    print(f"ok   feedback with a {len(attachment)}-byte attachment posted to A, read by staff on B: same bytes")
    return attachment


def check_evidence(app_a: str, app_b: str, password: str) -> bytes:
    officer = Browser()
    officer.login(app_a, OFFICER, password)
    page, fields = officer.form(app_a, "/hoat-dong/them/")
    kind = re.search(r'<select name="kind"[^>]*>.*?<option value="(\d+)"', page, re.S)
    if not kind:
        raise Failure("the activity form on A offers no kind")
    fields.update({"kind": kind.group(1), "date": time.strftime("%d/%m/%Y"), "reach": "60",
                   "title": f"Hội nghị tuyên truyền dịch vụ công trực tuyến, kiểm tra {secrets.token_hex(4)}"})
    status, headers, body = officer.post_form(app_a, "/hoat-dong/them/", fields)
    activity = re.search(r"/hoat-dong/(\d+)/", location(headers))
    if status != 302 or not activity:
        raise Failure(f"recording an activity on A answered {status} {location(headers)}")
    activity_path = f"/hoat-dong/{activity.group(1)}/"
    _, fields = officer.form(app_a, activity_path)
    evidence = picture(secrets.randbits(32))
    status, headers, _ = officer.post_multipart(app_a, activity_path + "minh-chung/", fields,
                                                [("files", "hoi-nghi.png", evidence, "image/png")])
    if status != 302:
        raise Failure(f"the evidence upload on A answered {status}")
    if listed_file(officer, app_b, activity_path, r"/hoat-dong/minh-chung/\d+/", "the activity's page",
                   "evidence") != evidence:
        raise Failure("the evidence downloaded on B differs from the one uploaded on A")
    print(f"ok   evidence ({len(evidence)} bytes) uploaded on A, downloaded on B: same bytes")
    return evidence


def check_object_store(run_dir: Path, files: dict[str, bytes]) -> None:
    import boto3

    s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name=os.environ["S3_REGION"],
                      aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
                      aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"])
    wanted = {hashlib.sha256(data).hexdigest(): name for name, data in files.items()}
    in_store, count = {}, 0
    for bucket in {os.environ["S3_BUCKET"], os.environ.get("S3_BACKUP_BUCKET") or os.environ["S3_BUCKET"]}:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                count += 1
                if item["Size"] in {len(d) for d in files.values()}:
                    digest = hashlib.sha256(s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()).hexdigest()
                    if digest in wanted:
                        in_store[wanted[digest]] = f"{bucket}/{item['Key']}"
    if set(files) != {"attachment", "evidence"}:
        raise Failure("nothing to look for: the files of the checks above are missing")
    missing = set(files) - set(in_store)
    if missing:
        raise Failure(f"not in the object store ({count} objects listed): {', '.join(sorted(missing))}")
    on_disk = []
    for path in (run_dir / "var").rglob("*"):
        if path.is_file() and path.stat().st_size in {len(d) for d in files.values()}:
            if hashlib.sha256(path.read_bytes()).hexdigest() in wanted:
                on_disk.append(str(path))
    if on_disk:
        raise Failure(f"stored files found on a local disk: {on_disk}")
    print(f"ok   in the object store, not on local disk: {', '.join(f'{k} → {v}' for k, v in sorted(in_store.items()))}")


def database():
    import psycopg

    return psycopg.connect(os.environ["DATABASE_DIRECT_URL"], autocommit=True)


def check_pool_sessions() -> None:
    """Transaction pooling lends a server connection for one transaction: no client may leave session state
    on it (pg_dump's empty search_path once made every later client's tables "not exist"). The scheduler's
    daily backup has run by now; every pooled connection must still find the tables."""
    import psycopg

    with database() as db:  # the scheduler enqueued it at start; a worker runs it within seconds
        for _ in range(120):
            done = db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s "
                              "AND status = 'SUCCESSFUL'", ("%daily_backup%",)).fetchone()[0]
            if done:
                break
            time.sleep(1)
        else:
            raise Failure("the daily backup has not run 120 s after the scheduler started")
    broken = []
    connections = [psycopg.connect(os.environ["DATABASE_URL"], autocommit=False, prepare_threshold=None)
                   for _ in range(8)]  # held together, so that they are lent different server connections
    try:
        for connection in connections:
            path, table = connection.execute("SELECT current_setting('search_path'), "
                                             "to_regclass('localities_commune')::text").fetchone()
            if table is None:
                broken.append(path)
    finally:
        for connection in connections:
            connection.close()
    if broken:
        raise Failure(f"{len(broken)} of 8 pooled connections have lost the tables (search_path {broken[0]!r})")
    print("ok   8 connections through PgBouncer after the daily backup: every one finds the tables")


def check_import(nginx: str, password: str) -> None:
    with database() as db:
        unit, kind = db.execute(
            "SELECT u.name, k.name FROM localities_unit u JOIN localities_commune c ON c.code = u.commune_id "
            "JOIN work_activitykind k ON k.commune_id = c.code WHERE c.slug = %s AND u.active AND k.active "
            "ORDER BY u.id, k.id LIMIT 1", (DEMO_SLUG,)).fetchone()
        # the per-commune setting, as an admin sets it (Commune.settings in the admin); a throw-away installation
        db.execute("UPDATE localities_commune SET settings = settings || %s::jsonb WHERE slug = %s",
                   (f'{{"xlsx_background_rows": {BACKGROUND_ROWS}}}', DEMO_SLUG))
    officer = Browser()
    officer.login(nginx, OFFICER, password)
    _, fields = officer.form(nginx, "/hoat-dong/excel/nhap/")
    # the demo plan covers this year; an activity cannot be in the future: this year's days up to today
    today = datetime.date.today()
    dates = [today - datetime.timedelta(days=n) for n in range(min(28, today.timetuple().tm_yday))]
    workbook = make_workbook(IMPORT_ROWS, unit, kind, dates=[datetime.datetime.combine(d, datetime.time()) for d in dates])
    started = time.monotonic()
    status, headers, _ = officer.post_multipart(nginx, "/hoat-dong/excel/nhap/", fields, [
        ("file", "hoat-dong.xlsx", workbook, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    job = re.search(r"/lan-nhap/(\d+)/", location(headers))
    if status != 302 or not job:
        raise Failure(f"the import upload did not start a background job ({status} {location(headers)})")
    job_id = int(job.group(1))
    with database() as db:
        while True:
            job_status, result = db.execute("SELECT status, result FROM work_importjob WHERE id = %s",
                                            (job_id,)).fetchone()
            if job_status in ("done", "refused", "failed"):
                break
            if time.monotonic() - started > 300:
                raise Failure(f"import job {job_id} still {job_status} after 300 s")
            time.sleep(1)
        workers = db.execute(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s "
            "AND args_kwargs::text LIKE %s ORDER BY enqueued_at DESC LIMIT 1",
            ("%import_xlsx%", f"%{job_id}%")).fetchone()
    if job_status != "done" or result.get("rows") != IMPORT_ROWS:
        raise Failure(f"import job {job_id} ended {job_status}: {result}")
    status, _, body = officer.get(nginx, f"/hoat-dong/excel/lan-nhap/{job_id}/")
    if status != 200:
        raise Failure(f"the import's status page answered {status}")
    print(f"ok   Excel import of {IMPORT_ROWS} rows enqueued through nginx, done in {time.monotonic() - started:.1f} s "
          f"by {', '.join(workers[0]) if workers else 'an unknown worker'} ({result})")


def load_with_kill(run_dir: Path, nginx: str, password: str, seconds: float, clients: int) -> None:
    """``clients`` threads read public pages and a logged-in page through nginx for ``seconds``; after a
    third of it, app server A's whole process group gets SIGKILL."""
    officer = Browser()
    officer.login(nginx, OFFICER, password)
    paths = [(None, f"/{DEMO_SLUG}/"), (None, f"/{DEMO_SLUG}/tin-tuc/"), (None, f"/{DEMO_SLUG}/thu-tuc/"),
             (officer, "/hoat-dong/"), (officer, "/")]
    results: list[tuple[float, object]] = []  # (time, status or error)
    lock = threading.Lock()
    stop = threading.Event()

    def client():
        anonymous = Browser()
        while not stop.is_set():
            who, path = random.choice(paths)
            try:
                status, _, _ = (who or anonymous).get(nginx, path, timeout=30)
            except Exception as exc:  # a refused or cut connection is a failed request the user would see
                status = f"{type(exc).__name__}: {exc}"
            with lock:
                results.append((time.monotonic(), status))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(seconds / 3)
    pid = int((run_dir / "pids" / "app-a.pid").read_text())
    killed_at = time.monotonic()
    os.killpg(pid, signal.SIGKILL)
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    before = [s for t, s in results if t < killed_at]
    after = [s for t, s in results if t >= killed_at]
    failed_before = [s for s in before if s != 200]
    failed_after = [s for s in after if s != 200]
    with open(run_dir / "logs" / "nginx-access.log") as log:
        served_by_b_after = sum(1 for line in log if f"upstream=127.0.0.1:{os.environ['APP_B_PORT']}" in line)
    print(f"     load {seconds:.0f} s, {clients} clients through nginx; app server A killed (kill -9, pid {pid}) "
          f"at {killed_at - started:.1f} s")
    print(f"     before the kill: {len(before)} requests, {len(failed_before)} failed; "
          f"after: {len(after)} requests, {len(failed_after)} failed ({served_by_b_after} requests served by B in all)")
    restarted = subprocess.run([str(ROOT / "deploy" / "topology"), "start", "app-a"], capture_output=True, text=True)
    if restarted.returncode != 0:
        raise Failure(f"app server A did not start again: {restarted.stderr.strip()}")
    status, _, _ = Browser().get(f"http://127.0.0.1:{os.environ['APP_A_PORT']}", f"/{DEMO_SLUG}/")
    if failed_before or failed_after:
        kinds = sorted({str(s) for s in failed_before + failed_after})[:5]
        raise Failure(f"{len(failed_before) + len(failed_after)} requests failed around the kill: {kinds}")
    if not after:
        raise Failure("no request was made after the kill")
    if status != 200:
        raise Failure(f"app server A, started again, answered {status}")
    print("ok   kill -9 of app server A under load: no failed request; A started again and answers")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--only", default="", help="run only the checks whose name starts with this")
    args = parser.parse_args()
    password = os.environ.get("DEMO_PASSWORD", "DongHoa@2026")
    nginx = f"http://127.0.0.1:{os.environ['NGINX_PORT']}"
    app_a = f"http://127.0.0.1:{os.environ['APP_A_PORT']}"
    app_b = f"http://127.0.0.1:{os.environ['APP_B_PORT']}"
    checks = [
        ("pooled connections", check_pool_sessions),
        ("feedback across servers", lambda: files.update(attachment=check_feedback(app_a, app_b, password))),
        ("evidence across servers", lambda: files.update(evidence=check_evidence(app_a, app_b, password))),
        ("files in the object store", lambda: check_object_store(args.run_dir, files)),
        ("import by a worker", lambda: check_import(nginx, password)),
        ("kill -9 under load", lambda: load_with_kill(args.run_dir, nginx, password, args.load_seconds, args.clients)),
    ]
    checks = [(name, check) for name, check in checks if name.startswith(args.only)]
    files: dict[str, bytes] = {}
    failed = []
    for name, check in checks:
        try:
            check()
        except Failure as exc:
            failed.append(name)
            print(f"FAIL {name}: {exc}")
        except Exception as exc:  # a check that breaks is a failure too, said in one line
            failed.append(name)
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
    print(f"\nsmoke: {len(checks) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
