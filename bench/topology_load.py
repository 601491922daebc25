"""Load through the whole topology (``deploy/topology up``): nginx in front of one app server, then of two.

    deploy/topology bench [--readers 200] [--writers 50] [--seconds 20] [--think 0]

Two loads, each run with nginx sending to app server A only (B kept running, idle), then to A and B:
- public pages: ``--readers`` concurrent residents reading the demo commune's home page, news and
  procedures, with bench/portal_load.py's client (``--think 0``: no pause, so it measures throughput);
- writers: ``--writers`` logged-in officers recording activities through the web form (GET the form, POST
  it), with bench/import_under_load.py's client.
Prints, side by side, requests (or activities) per second, p50 / p95 and errors; the peak of PostgreSQL
connections and of PgBouncer's server connections and waiting clients during each run; the resident memory
(RSS) of each gunicorn process. Every request goes to 127.0.0.1; each run is bounded in time.
"""

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "deploy"))

import import_under_load  # noqa: E402
import portal_load  # noqa: E402
from smoke import DEMO_SLUG, OFFICER, Browser  # noqa: E402


def topology(*args: str) -> None:
    subprocess.run([str(ROOT / "deploy" / "topology"), *args], check=True, capture_output=True)


class Sampler:
    """Samples, every half second while a run lasts, PostgreSQL's connections to the database and
    PgBouncer's pool (server connections in use or idle, clients waiting); keeps the peaks."""

    def __init__(self):
        import psycopg

        self.pg = psycopg.connect(os.environ["DATABASE_DIRECT_URL"], autocommit=True)
        pgbouncer = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/pgbouncer"
        self.bouncer = psycopg.connect(pgbouncer, autocommit=True, prepare_threshold=None)
        self.peaks = {}
        self.stop = threading.Event()

    def __enter__(self):
        self.peaks = {"pg": 0, "sv": 0, "waiting": 0}
        self.stop.clear()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)

    def _run(self):
        while not self.stop.is_set():
            pg = self.pg.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = 'tuyentruyen'").fetchone()[0]
            cursor = self.bouncer.execute("SHOW POOLS")
            names = [c.name for c in cursor.description]
            for row in cursor.fetchall():
                pool = dict(zip(names, row, strict=True))
                if pool["database"] == "tuyentruyen":
                    self.peaks["sv"] = max(self.peaks["sv"], pool["sv_active"] + pool["sv_idle"] + pool["sv_used"])
                    self.peaks["waiting"] = max(self.peaks["waiting"], pool["cl_waiting"])
            self.peaks["pg"] = max(self.peaks["pg"], pg)
            self.stop.wait(0.5)


def readers_run(port: int, readers: int, seconds: float, think: float) -> dict:
    paths = [f"/{DEMO_SLUG}/", f"/{DEMO_SLUG}/tin-tuc/", f"/{DEMO_SLUG}/thu-tuc/"]
    started = time.monotonic()
    samples, errors = asyncio.run(portal_load.run_load(port, paths, readers, seconds, think))
    elapsed = time.monotonic() - started  # the last pages started before the deadline are counted, and waited for
    return {**portal_load.summarise("readers", samples, errors, elapsed), "wall": elapsed}


def writers_run(port: int, sessions: list[str], kind_id: int, seconds: float) -> dict:
    clients = [import_under_load.Client(port, key) for key in sessions]
    samples, errors, elapsed = import_under_load.run_phase(clients, kind_id, lambda: time.sleep(seconds),
                                                           day=time.strftime("%Y-%m-%d"))  # in the demo plan's year
    result = portal_load.summarise("writers", samples, errors, elapsed)  # per second of wall time, the last
    result["first_errors"] = sorted(set(errors))[:3]                      # requests' completion included
    result["wall"] = elapsed
    return result


def gunicorn_rss(run_dir: Path) -> list[tuple[str, float]]:
    out = []
    for name in ("app-a", "app-b"):
        master = int((run_dir / "pids" / f"{name}.pid").read_text())
        children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
        for pid in [master, *map(int, children)]:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out.append((f"{name} {'master' if pid == master else 'worker'} {pid}", int(line.split()[1]) / 1024))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--think", type=float, default=0.0, help="readers' mean pause between pages (s)")
    args = parser.parse_args()
    port = int(os.environ["NGINX_PORT"])
    nginx = f"http://127.0.0.1:{port}"
    password = os.environ.get("DEMO_PASSWORD", "DongHoa@2026")

    # The writers: one officer's account, logged in once per writer (each its own session, as on 50 PCs).
    sessions = []
    for _ in range(args.writers):
        browser = Browser()
        browser.login(nginx, OFFICER, password)
        sessions.append(next(c.value for c in browser.jar if c.name == "sessionid"))
    page, _ = browser.form(nginx, "/hoat-dong/them/")
    kind_id = int(re.search(r'<select name="kind"[^>]*>.*?<option value="(\d+)"', page, re.S).group(1))

    sampler = Sampler()
    rows = []
    try:
        for label, upstream in (("1 app server", "a"), ("2 app servers", "ab")):
            topology("upstream", upstream)
            asyncio.run(portal_load.run_load(port, [f"/{DEMO_SLUG}/"], 20, 2, 0))  # warm both servers' workers
            with sampler:
                reading = readers_run(port, args.readers, args.seconds, args.think)
            rows.append((label, f"{args.readers} readers", reading, dict(sampler.peaks)))
            with sampler:
                writing = writers_run(port, sessions, kind_id, args.seconds)
            rows.append((label, f"{args.writers} writers", writing, dict(sampler.peaks)))
    finally:
        topology("upstream", "ab")
    workers = os.environ.get("APP_WORKERS", "2")
    print(f"\nthrough nginx, {args.seconds:.0f} s per run, each app server gunicorn {workers} workers × "
          f"{os.environ.get('APP_THREADS', '4')} threads, {os.cpu_count()} CPUs shared by everything "
          f"(load client included)")
    print(f"{'':16} {'load':12} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'done':>7} {'wall s':>7} {'errors':>7} "
          f"{'pg conn':>8} {'pgb srv':>8} {'pgb wait':>9}")
    for label, load, r, peaks in rows:
        print(f"{label:16} {load:12} {r['rps']:7.1f} {r['p50']:8.0f} {r['p95']:8.0f} {r['n']:7d} {r['wall']:7.1f} "
              f"{r['errors']:7d} "
              f"{peaks['pg']:8d} {peaks['sv']:8d} {peaks['waiting']:9d}")
        if r.get("first_errors"):
            print(f"{'':16} errors: {r['first_errors']}")
    by = {(label, load.split()[1]): r for label, load, r, _ in rows}
    for kind in ("readers", "writers"):
        one, two = by[("1 app server", kind)], by[("2 app servers", kind)]
        if one["rps"]:
            print(f"{kind}: 2 servers / 1 server throughput {two['rps'] / one['rps']:.2f}×")
    print("\nresident memory (RSS) of the gunicorn processes after the runs:")
    for name, mb in gunicorn_rss(args.run_dir):
        print(f"  {name:28} {mb:6.0f} MB")
    workers_rss = [mb for name, mb in gunicorn_rss(args.run_dir) if "worker" in name]
    if workers_rss:
        print(f"  per worker: median {statistics.median(workers_rss):.0f} MB, max {max(workers_rss):.0f} MB")


if __name__ == "__main__":
    main()
