"""PostgreSQL behind PgBouncer in transaction pooling mode, with real processes: migrations, part of the
suite, several schedulers and several workers, all through a pool smaller than the number of clients (so
that one client's consecutive transactions run on different server connections).

Starts its own PostgreSQL (127.0.0.1:55540) and PgBouncer (127.0.0.1:55541); skips, saying why, only when
their binaries are missing. Run alone:
    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest tuyentruyen/tests/test_pgbouncer.py -p no:cacheprovider
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from .pgservers import Servers, servers_missing

ROOT = Path(__file__).resolve().parents[2]

# What must keep working when consecutive transactions may land on different server connections: the
# report freeze (LOCK TABLE inside the submitting transaction), imports and their worker, the scheduler,
# the worker's leases, login with its lock-out and sessions, backups (which bypass the pooler).
SUITE_PART = [
    "tuyentruyen/reports/tests/test_cutoff.py",
    "tuyentruyen/reports/tests/test_workflow.py",
    "tuyentruyen/work/tests/test_imports.py",
    "tuyentruyen/jobs/tests",
    "tuyentruyen/accounts/tests/test_login.py",
    "tuyentruyen/accounts/tests/test_sessions.py",
    "tuyentruyen/portal/tests/test_scheduled_publishing.py",
    "tuyentruyen/tests/test_replica_router.py",
]

pytestmark = [
    pytest.mark.skipif(os.environ.get("DATABASE_POOLER") == "pgbouncer",
                       reason="already running through PgBouncer (this module starts its own)"),
    # It starts its own PostgreSQL whatever the suite runs on, so one pass is enough: the SQLite pass of
    # .ci/run runs it; the PostgreSQL pass would run the very same servers again (minutes on two cores).
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                       reason="runs in the SQLite pass of .ci/run (it starts its own PostgreSQL and PgBouncer)"),
]


@pytest.fixture(scope="module")
def servers():
    reason = servers_missing()
    if reason:
        pytest.skip(reason)
    started = Servers(pool_size=4).start()
    try:
        manage(started, "migrate", "--noinput")
        yield started
    finally:
        started.stop()


def manage(servers, *args, timeout=600, **env):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=servers.env(**env),
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:] + servers.bouncer_log()[-2000:]
    return result.stdout


def start(servers, *args):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=servers.env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(processes) -> list[tuple[str, str]]:
    for process in processes:
        process.send_signal(signal.SIGINT)  # not SIGTERM: Python flushes what it printed
    # a generous wait: a scheduler interrupted while PgBouncer queues its connection exits once it gets one
    return [process.communicate(timeout=180) for process in processes]


def test_the_pooler_settings_are_in_force(servers):
    out = manage(servers, "shell", "-c", "from django.db import connection as c; "
                 "print(c.settings_dict['DISABLE_SERVER_SIDE_CURSORS'], c.settings_dict['OPTIONS'])")
    assert out.strip().splitlines()[-1] == "True {'prepare_threshold': None}"


def test_part_of_the_suite_passes_through_pgbouncer(servers):
    # --reuse-db: the test database is made through the pooler but never dropped through it (PgBouncer
    # keeps server connections to it open; the servers go away at the end anyway).
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--reuse-db", *SUITE_PART],
        cwd=ROOT, env=servers.env(DJANGO_ALLOW_ASYNC_UNSAFE="true"), capture_output=True, text=True,
        timeout=1800)
    tail = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout.splitlines()[-1] and "failed" not in result.stdout.splitlines()[-1], tail


def test_several_schedulers_enqueue_each_job_once_per_period(servers):
    servers.sql("DELETE FROM jobs_scheduledrun; DELETE FROM django_tasks_database_dbtaskresult; "
                "DELETE FROM jobs_processheartbeat")
    schedulers = [start(servers, "run_scheduler", "--interval", "1") for _ in range(3)]
    deadline = time.monotonic() + 180  # a loaded machine takes a while to start three Django processes
    while time.monotonic() < deadline and servers.sql(
            "SELECT count(*) FROM jobs_processheartbeat WHERE role = 'scheduler'")[0][0] < 3:
        time.sleep(0.2)
    time.sleep(5)  # all three are ticking, every second, in the same period of each job
    alive = [process.poll() is None for process in schedulers]
    outputs = stop(schedulers)
    assert all(alive), [err[-2000:] for _out, err in outputs]
    runs = servers.sql("SELECT job, period FROM jobs_scheduledrun")
    tasks = servers.sql("SELECT count(*) FROM django_tasks_database_dbtaskresult")[0][0]
    said = sum(out.count("Đã xếp lịch chạy") for out, _err in outputs)
    assert runs, [err[-2000:] for _out, err in outputs]
    assert max(Counter(runs).values()) == 1
    assert tasks == len(runs) == said  # one task per (job, period), however many schedulers tried
    assert servers.sql("SELECT count(*) FROM jobs_processheartbeat WHERE role = 'scheduler'")[0][0] == 0


def test_two_workers_share_the_queue_and_never_run_a_job_twice(servers, tmp_path):
    servers.sql("DELETE FROM django_tasks_database_dbtaskresult; DELETE FROM jobs_processheartbeat")
    ledger = tmp_path / "runs.txt"
    workers = [start(servers, "run_worker", "--interval", "0.05", "--worker-id", f"w{n}") for n in (1, 2)]
    try:
        for _ in range(200):  # both are looking for work before any is queued
            if servers.sql("SELECT count(*) FROM jobs_processheartbeat WHERE role = 'worker'")[0][0] == 2:
                break
            time.sleep(0.1)
        jobs = 60
        manage(servers, "shell", "-c",
               "from tuyentruyen.jobs.tests.probe_tasks import record_run\n"
               f"for n in range({jobs}): record_run.enqueue({str(ledger)!r}, n)")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pending = servers.sql("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                                  "WHERE status IN ('READY', 'RUNNING')")[0][0]
            if not pending:
                break
            time.sleep(0.2)
    finally:
        outputs = stop(workers)
    lines = [line.split() for line in ledger.read_text().splitlines()]
    numbers = Counter(int(number) for number, _pid in lines)
    assert sorted(numbers) == list(range(jobs)), [err[-2000:] for _out, err in outputs]
    assert max(numbers.values()) == 1  # no job ran twice
    assert len({pid for _number, pid in lines}) == 2  # both workers took their share
    statuses = dict(servers.sql("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY 1"))
    assert statuses == {"SUCCESSFUL": jobs}


def test_a_backup_goes_around_the_pooler_and_leaves_its_sessions_clean(servers, tmp_path):
    # pg_dump sets search_path to '' for its session; through transaction pooling that would stay on a
    # server connection the site uses next. DATABASE_DIRECT_URL sends it straight to PostgreSQL.
    out = manage(servers, "backup", "--dir", str(tmp_path), DATABASE_DIRECT_URL=servers.url(direct=True))
    assert "Đã sao lưu" in out and list(tmp_path.glob("*.tar.gz"))
    check = manage(servers, "shell", "-c", "from django.db import connection\n"
                   "for _ in range(8):\n"
                   "    with connection.cursor() as c: c.execute('SHOW search_path'); print(c.fetchone()[0])\n"
                   "from tuyentruyen.jobs.models import ScheduledRun; print(ScheduledRun.objects.count() >= 0)")
    lines = check.strip().splitlines()
    assert lines[-1] == "True" and set(lines[-9:-1]) == {'"$user", public'}
