"""The database cache against Redis, on PostgreSQL behind PgBouncer (the several-servers topology).

    .venv/bin/python bench/cache_backends.py [--ops 1000] [--threads 8] [--pages 200]

Starts a throw-away PostgreSQL (127.0.0.1:55543), PgBouncer in transaction mode (55544) and Debian's
redis-server (55542) in a temporary folder, migrates, seeds one commune, then, once with the database
cache and once with CACHE_URL=redis://, in a child process:
- cache.set / cache.get of a rate-limit entry (a list of times), one thread and ``--threads`` at once;
- ratelimit.allow_all, what a resident's form does before it is accepted;
- the commune's public home page through Django's test client (its own page cache is per process and
  never uses the cache backend: the figure shows it does not move).
Prints p50 / p95 in milliseconds for each. Nothing leaves 127.0.0.1; everything stops by itself.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REDIS_PORT = 55542
os.environ.setdefault("TT_TEST_PG_PORT", "55543")
os.environ.setdefault("TT_TEST_PGBOUNCER_PORT", "55544")
SLUG = "xa-bo-nho-dem"


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered) * 1000, 2),
            "p95": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2), "n": len(ordered)}


# --- in the child process, Django set up ------------------------------------------------------------------------
def seed() -> None:
    import django

    django.setup()
    from tuyentruyen.lib.current import acting_as
    from tuyentruyen.localities.models import Commune, Province
    from tuyentruyen.localities.services import onboard_commune

    province = Province.objects.create(code=98, name="Tỉnh Đo Đạc", codename="do_dac", kind="tỉnh")
    commune = Commune.objects.create(code=98001, province=province, kind="xa", name="Bộ Nhớ", slug=SLUG)
    with acting_as(None):
        onboard_commune(commune, hotline="0200 3800 001", address="Trụ sở Ủy ban nhân dân xã", email="")


def measure(ops: int, threads: int, pages: int) -> None:
    import django

    django.setup()
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import cache
    from django.db import connections
    from django.test import Client, RequestFactory

    from tuyentruyen.lib import ratelimit

    value = [time.time() - i for i in range(10)]

    def timed(fn, n):
        out = []
        for i in range(n):
            started = time.perf_counter()
            fn(i)
            out.append(time.perf_counter() - started)
        return out

    def in_threads(fn, n):
        def work(offset):
            try:
                return timed(lambda i: fn(offset * n + i), n // threads)
            finally:
                connections.close_all()
        with ThreadPoolExecutor(threads) as pool:
            return [s for part in pool.map(work, range(threads)) for s in part]

    results = {
        "set": percentiles(timed(lambda i: cache.set(f"bench:{i % 200}", value, 60), ops)),
        "get": percentiles(timed(lambda i: cache.get(f"bench:{i % 200}"), ops)),
        f"set×{threads}": percentiles(in_threads(lambda i: cache.set(f"bench:{i % 200}", value, 60), ops)),
        f"get×{threads}": percentiles(in_threads(lambda i: cache.get(f"bench:{i % 200}"), ops)),
    }
    factory = RequestFactory()

    def limited(i):
        request = factory.post("/", REMOTE_ADDR=f"10.0.{i // 250 % 250}.{i % 250}")
        ratelimit.allow_all(request, [("bench", 5, 60), ("bench-hour", 30, 3600)])

    results["ratelimit.allow_all"] = percentiles(timed(limited, ops))
    client = Client()
    client.get(f"/{SLUG}/")
    results["public home page"] = percentiles(timed(lambda i: client.get(f"/{SLUG}/"), pages))
    print(json.dumps(results))


# --- orchestration ------------------------------------------------------------------------------------------------
def child(env, *args) -> str:
    result = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=1200)
    if result.returncode:
        sys.exit(result.stdout[-2000:] + result.stderr[-4000:])
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--child", choices=["seed", "measure"])
    args = parser.parse_args()
    if args.child == "seed":
        return seed()
    if args.child == "measure":
        return measure(args.ops, args.threads, args.pages)

    sys.path.insert(0, str(ROOT))
    from tuyentruyen.tests.pgservers import Servers, servers_missing

    redis_server = shutil.which("redis-server")
    missing = servers_missing() or (None if redis_server else "redis-server is not installed (apt-get install redis-server)")
    if missing:
        sys.exit(missing)
    servers = Servers(pool_size=10).start()
    work = Path(tempfile.mkdtemp(prefix="tt-cache-bench-"))
    redis = subprocess.Popen([redis_server, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(work)], stdout=subprocess.DEVNULL)
    try:
        env = servers.env(DEBUG="false", ALLOWED_HOSTS="testserver,127.0.0.1", PYTHONPATH=str(ROOT))
        print("→ migrating PostgreSQL through PgBouncer …", flush=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=1200)
        subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
        child(env, "--child", "seed")
        rows = {}
        for name, extra in (("database", {}), ("redis", {"CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0"})):
            print(f"→ {name} cache …", flush=True)
            rows[name] = json.loads(child({**env, **extra}, "--child", "measure", "--ops", str(args.ops),
                                          "--threads", str(args.threads), "--pages", str(args.pages)))
        print(f"\n{'operation':<22}" + "".join(f"{name + ' p50/p95 ms':>26}" for name in rows))
        for operation in rows["database"]:
            print(f"{operation:<22}" + "".join(
                f"{rows[name][operation]['p50']:>12.2f} / {rows[name][operation]['p95']:<11.2f}" for name in rows))
        print(f"\n({args.ops} operations each, {args.threads} threads for ×{args.threads}, {args.pages} pages; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    finally:
        redis.terminate()
        redis.wait(timeout=30)
        servers.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
