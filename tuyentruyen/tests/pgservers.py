"""A PostgreSQL and a PgBouncer (transaction pooling) of a test's own, on loopback, from Debian's packages.

``servers_missing()`` says why they cannot be started (the test then skips saying so); ``Servers`` starts
both in a temporary folder, owned by the ``postgres`` user when run as root (neither runs as root), and
stops them. Ports: PostgreSQL 55540, PgBouncer 55541 (helpers' range for these tests).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

PG_PORT = int(os.environ.get("TT_TEST_PG_PORT", "55540"))
BOUNCER_PORT = int(os.environ.get("TT_TEST_PGBOUNCER_PORT", "55541"))
DATABASE = "tuyentruyen"


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


def _bouncer() -> str | None:
    return shutil.which("pgbouncer") or (os.path.exists("/usr/sbin/pgbouncer") and "/usr/sbin/pgbouncer") or None


def servers_missing() -> str | None:
    if _pg_bin() is None:
        return "PostgreSQL's server binaries are not installed (apt-get install postgresql; .ci/run does)"
    if _bouncer() is None:
        return "pgbouncer is not installed (apt-get install pgbouncer; .ci/run does)"
    return None


class Servers:
    def __init__(self, pool_size: int = 4):
        self.pool_size = pool_size
        self.dir = Path(tempfile.mkdtemp(prefix="tt-pgbouncer-"))
        self.pgdata = self.dir / "data"
        self.bin = _pg_bin()

    # --- urls ---
    def url(self, database: str = DATABASE, *, direct: bool = False) -> str:
        port = PG_PORT if direct else BOUNCER_PORT
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def env(self, **extra) -> dict:
        """What a process of the product needs to talk to the database through the pooler."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DATABASE_"))}
        env.update(DATABASE_URL=self.url(), DATABASE_POOLER="pgbouncer", SECRET_KEY="test-" + "k" * 50,
                   VAR_DIR=str(self.dir / "var"), DJANGO_SETTINGS_MODULE="tuyentruyen.settings")
        env.update(extra)
        return env

    # --- running ---
    def _as_postgres(self, args: list[str], **kwargs):
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--", *args]
        return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120, **kwargs)

    def start(self) -> Servers:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._as_postgres([str(self.bin / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "-A", "trust",
                           "-E", "UTF8", "--locale=C.UTF-8"])
        self._as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.dir / "pg.log"),
                           "-o", f"-h 127.0.0.1 -p {PG_PORT} -k {self.dir} -c max_connections=60", "-w", "start"])
        self._as_postgres([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres",
                           DATABASE])
        (self.dir / "userlist.txt").write_text('"postgres" ""\n')
        (self.dir / "pgbouncer.ini").write_text(f"""[databases]
* = host=127.0.0.1 port={PG_PORT}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {BOUNCER_PORT}
unix_socket_dir =
auth_type = trust
auth_file = {self.dir}/userlist.txt
pool_mode = transaction
default_pool_size = {self.pool_size}
max_client_conn = 300
ignore_startup_parameters = extra_float_digits
logfile = {self.dir}/pgbouncer.log
pidfile = {self.dir}/pgbouncer.pid
""")
        if os.geteuid() == 0:
            for path in self.dir.iterdir():
                shutil.chown(path, "postgres")
        self._as_postgres([_bouncer(), "-d", str(self.dir / "pgbouncer.ini")])
        for _ in range(100):
            if (self.dir / "pgbouncer.pid").exists():
                break
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        pid_file = self.dir / "pgbouncer.pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
        if (self.pgdata / "postmaster.pid").exists():
            subprocess.run((["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
                           + [str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)

    def sql(self, query: str, *, direct: bool = True) -> list[tuple]:
        """Rows of one query, read straight from PostgreSQL (not through the product)."""
        import psycopg

        with psycopg.connect(self.url(direct=direct), autocommit=True, prepare_threshold=None) as conn:
            cursor = conn.execute(query)
            return cursor.fetchall() if cursor.description else []

    def bouncer_log(self) -> str:
        path = self.dir / "pgbouncer.log"
        return path.read_text(errors="replace") if path.exists() else ""
