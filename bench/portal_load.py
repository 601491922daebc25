"""Load test of the residents' pages: 200 concurrent readers against gunicorn on loopback, SQLite.

    .venv/bin/python bench/portal_load.py [--readers 200] [--seconds 20] [--think 0] [--workers N]

Builds a throw-away installation in a temporary directory (SQLite database, media, secret key), seeds a
demo commune with ~50 published articles, starts gunicorn on 127.0.0.1, and runs two bounded loads with
the same client: the commune's home page, news list and one article, and the web manifest and service
worker a phone installing the site fetches; then the trivial /healthz view as a
baseline. Prints p50 / p95 / errors for each and the ratio. Everything stops by itself; nothing leaves
127.0.0.1 and the development database is never touched.

Two reader models are run, each for the portal and for the baseline:
- "reading": each reader pauses between two pages (``--think``, default 5 s on average, uniform 2.5–7.5 s),
  as a person reading news on a phone does; the p95 < 300 ms target is judged on this run;
- "saturation": no pause at all, 200 requests always in flight. On a small machine this measures
  throughput, not latency: even the trivial view queues (latency ≈ readers / requests per second), so
  what it shows is the portal's cost relative to the baseline (the ratio).
"""

import argparse
import asyncio
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SLUG = "xa-binh-an-bench"


# --- seeding (runs in a child process with Django set up) ---------------------------------------------------
def seed() -> None:
    import django

    django.setup()
    from io import BytesIO

    from PIL import Image

    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.lib.current import acting_as
    from tuyentruyen.lib.tenancy import commune_scope
    from tuyentruyen.localities.models import Commune, Province
    from tuyentruyen.localities.services import onboard_commune
    from tuyentruyen.portal import services

    province = Province.objects.create(code=99, name="Tỉnh Thử Tải", codename="thu_tai", kind="tỉnh")
    commune = Commune.objects.create(code=99001, province=province, kind="xa", name="Bình An", slug=SLUG)
    with acting_as(None):
        commune = onboard_commune(commune, hotline="0200 3800 000", address="Trụ sở Ủy ban nhân dân xã Bình An",
                                  email="ubnd.binhan@example.vn")
        editor = create_user("bientap", secrets.token_urlsafe(16), roles=[Role.EDITOR], commune=commune,
                             full_name="Biên tập viên")
        paragraph = ("<p>Từ đầu năm, bà con có thể nộp hồ sơ đăng ký khai sinh, cấp bản sao trích lục và "
                     "chứng thực trên Cổng dịch vụ công quốc gia, theo dõi kết quả bằng điện thoại mà không "
                     "phải đến trụ sở. Cán bộ Trung tâm Phục vụ hành chính công hướng dẫn tận tình.</p>")
        with commune_scope(commune):
            for i in range(50):
                article = services.create_article(
                    commune, editor, title=f"Cải cách hành chính: dịch vụ công trực tuyến, tin số {i + 1}",
                    summary="Hướng dẫn bà con nộp hồ sơ và thanh toán lệ phí trực tuyến, nhanh và tiết kiệm.",
                    body="<h2>Các bước</h2>" + paragraph * 6)
                if i % 5 == 0:
                    buffer = BytesIO()
                    Image.new("RGB", (1600, 1000), (20 + i, 90, 160)).save(buffer, "JPEG")
                    services.add_picture(article, editor, buffer.getvalue(), "Người dân làm thủ tục tại xã")
                services.publish_article(article, editor)
            print(article.pk)


# --- load client ---------------------------------------------------------------------------------------------
async def reader(port: int, paths: list[str], deadline: float, think: float, samples: list, errors: list):
    reader_stream = writer = None
    if think:  # readers arrive over the first pause rather than all in the same millisecond
        await asyncio.sleep(random.uniform(0, think))
    while time.monotonic() < deadline:
        path = random.choice(paths)
        started = time.monotonic()
        try:
            if writer is None:
                reader_stream, writer = await asyncio.open_connection("127.0.0.1", port)
            request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n"
                       f"User-Agent: portal-load\r\n\r\n").encode()
            writer.write(request)
            await writer.drain()
            try:
                status, length, close = await read_head(reader_stream)
            except (ConnectionError, ValueError):
                # the server closed an idle kept-alive connection: reconnect once, as a browser does
                writer.close()
                reader_stream, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                await writer.drain()
                status, length, close = await read_head(reader_stream)
            await reader_stream.readexactly(length)
            samples.append(time.monotonic() - started)
            if status != 200:
                errors.append(status)
            if close:
                writer.close()
                reader_stream = writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append(type(exc).__name__)
            if writer is not None:
                writer.close()
            reader_stream = writer = None
        if think:
            await asyncio.sleep(random.uniform(think * 0.5, think * 1.5))
    if writer is not None:
        writer.close()


async def read_head(stream) -> tuple[int, int, bool]:
    line = await stream.readline()
    if not line:
        raise ValueError("connection closed")
    status = int(line.split()[1])
    length, close = 0, False
    while True:
        line = await stream.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    return status, length, close


async def run_load(port, paths, readers, seconds, think):
    samples, errors = [], []
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(reader(port, paths, deadline, think, samples, errors) for _ in range(readers)))
    return samples, errors


def summarise(name, samples, errors, seconds):
    if not samples:
        return {"name": name, "p50": float("nan"), "p95": float("nan"), "n": 0, "errors": len(errors), "rps": 0}
    ordered = sorted(samples)
    return {"name": name, "p50": statistics.median(ordered) * 1000,
            "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, "n": len(ordered),
            "errors": len(errors), "rps": len(ordered) / seconds}


# --- orchestration -------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, log: Path, timeout: float = 120) -> None:
    """A machine busy with other work starts gunicorn's workers slowly: two minutes before giving up."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if b" 200 " in sock.recv(100):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start:\n" + log.read_text(errors="replace")[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15, help="length of each run")
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between two pages of a reader (s)")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed()
        return

    workdir = Path(tempfile.mkdtemp(prefix="portal-load-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuyentruyen.settings", "VAR_DIR": str(workdir),
           "SQLITE_PATH": str(workdir / "db.sqlite3"), "MEDIA_ROOT": str(workdir / "media"),
           "STATIC_ROOT": str(workdir / "static"), "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "false",
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_COOKIES": "false", "LOG_LEVEL": "ERROR", "DATABASE_URL": "",
           "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = None
    try:
        print(f"→ temporary installation in {workdir}")
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        started = time.monotonic()
        last_id = subprocess.run([PYTHON, __file__, "--seed"], cwd=ROOT, env=env, check=True, capture_output=True,
                                 text=True).stdout.strip().splitlines()[-1]
        print(f"→ seeded 50 published articles in {time.monotonic() - started:.1f} s")
        port = free_port()
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "tuyentruyen.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
             "--backlog", "2048", "--keep-alive", "15", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / "gunicorn.log", "w"),
            start_new_session=True)
        wait_until_up(port, workdir / "gunicorn.log")
        portal_paths = [f"/{SLUG}/", f"/{SLUG}/tin-tuc/", f"/{SLUG}/tin-tuc/{last_id}/",
                        # what a phone installing the site asks for besides the pages
                        f"/{SLUG}/manifest.webmanifest", f"/{SLUG}/sw.js"]
        # warm every worker a little (imports, templates), as a running server would be
        asyncio.run(run_load(port, portal_paths + ["/healthz"], 20, 2, 0))
        print(f"→ {args.readers} readers, {args.seconds:.0f} s per run, gunicorn {args.workers} workers × "
              f"{args.threads} threads, {os.cpu_count()} CPUs (the load client shares them)")
        print(f"\n{'':44} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'requests':>9} {'errors':>7}")
        verdict = True
        for model, think in ((f"reading ({args.think:g} s)", args.think), ("saturation", 0.0)):
            results = []
            for name, paths in (("portal", portal_paths), ("baseline /healthz", ["/healthz"])):
                samples, errors = asyncio.run(run_load(port, paths, args.readers, args.seconds, think))
                r = summarise(f"{model}: {name}", samples, errors, args.seconds)
                results.append(r)
                print(f"{r['name']:44} {r['p50']:8.1f} {r['p95']:8.1f} {r['rps']:7.0f} {r['n']:9d} {r['errors']:7d}")
                if errors:
                    print(f"   errors: {sorted(set(map(str, errors)))[:5]}")
            portal, base = results
            print(f"{'':44} ratio portal/baseline: p50 {portal['p50'] / base['p50']:.2f}×, "
                  f"p95 {portal['p95'] / base['p95']:.2f}×")
            if think:
                verdict = portal["p95"] < 300 and portal["errors"] == 0
            elif portal["errors"]:
                verdict = False
        print(f"\ntarget (200 readers, p95 < 300 ms, no error): {'MET' if verdict else 'NOT MET'}")
        sys.exit(0 if verdict else 1)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
