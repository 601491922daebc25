"""An import whose worker is killed (``kill -9``) half-way: nothing half-saved, the job retried and done.

    .venv/bin/python bench/import_worker_killed.py [--rows 4000]

Builds a throw-away installation (temporary VAR_DIR, SQLite), starts gunicorn on 127.0.0.1 and
``manage.py run_worker`` with a 10 s heartbeat lease (``JOBS_HEARTBEAT_STALE_SECONDS``), uploads a file,
kills the worker's process group once 10 % of the rows are written (hidden), starts a new worker and
waits. Prints the job's state before the kill and at the end: status, attempts, visible and hidden
activities, files left in media/imports, and the task row's workers. Expected: done, 2 attempts, every
row visible once, nothing hidden, no file left.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import import_under_load as bench  # noqa: E402  (the same seeding, workbook and web client)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=4000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-killed-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuyentruyen.settings", "VAR_DIR": str(work),
           "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_COOKIES": "false", "LOG_LEVEL": "WARNING", "DATABASE_URL": "", "PYTHONPATH": str(ROOT),
           "JOBS_HEARTBEAT_STALE_SECONDS": "10"}
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SQLITE_PATH", "MEDIA_ROOT", "STATIC_ROOT"):
        env.pop(name, None)
    python, processes = sys.executable, []
    log = open(work / "processes.log", "ab")

    def start(command):
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True)
        processes.append(process)
        return process

    try:
        subprocess.run([python, "manage.py", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
        out = subprocess.run([python, str(ROOT / "bench/import_under_load.py"), "--seed", "0"], env=env, cwd=ROOT,
                             check=True, capture_output=True, text=True).stdout.split("\n")
        unit, kind, session = out[1], out[2], out[3]
        port = bench.free_port()
        start([str(ROOT / ".venv/bin/gunicorn"), "tuyentruyen.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--threads", "2"])
        worker = start([python, "manage.py", "run_worker"])
        bench.wait_until_up(port)
        location = bench.upload(bench.Client(port, session), bench.make_workbook(args.rows, unit, kind))
        job = int(re.search(r"/lan-nhap/(\d+)/", location).group(1))
        db = sqlite3.connect(f"file:{work / 'tuyentruyen.sqlite3'}?mode=ro", uri=True, timeout=30)

        def state():
            status, done, attempts = db.execute("SELECT status, processed_rows, attempts FROM work_importjob "
                                                "WHERE id = ?", (job,)).fetchone()
            visible, hidden = db.execute("SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER "
                                         "(WHERE import_job_id IS NOT NULL) FROM work_activity").fetchone()
            files = len(os.listdir(work / "media" / "imports"))
            return (f"status {status}, {done} rows processed, attempt {attempts}, visible {visible}, "
                    f"hidden {hidden}, files in media/imports {files}")

        started = time.monotonic()
        while not db.execute("SELECT 1 FROM work_importjob WHERE id = ? AND status = 'importing' AND "
                             "processed_rows >= ?", (job, args.rows // 10)).fetchone():
            time.sleep(0.2)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        print(f"killed the worker (kill -9): {state()}")
        start([python, "manage.py", "run_worker"])
        while db.execute("SELECT status FROM work_importjob WHERE id = ?", (job,)).fetchone()[0] not in (
                "done", "refused", "failed") and time.monotonic() - started < 1200:
            time.sleep(1)
        print(f"in the end, after {time.monotonic() - started:.0f} s: {state()}")
        task = db.execute("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                          "WHERE task_path LIKE '%.import_xlsx'").fetchone()
        print(f"task row: {task[0]}, run by {len(json.loads(task[1]))} workers")
        db.close()
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
