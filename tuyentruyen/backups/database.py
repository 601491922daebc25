"""Copying a whole database out to a file and back, per engine, while the application keeps writing.

SQLite goes through the online backup API (a consistent copy made page by page from a read transaction,
which in WAL mode does not block writers). PostgreSQL goes through ``pg_dump`` in its custom format and
``pg_restore --clean``; the row counts are read in the same snapshot as the dump, so that the manifest
describes exactly what the dump holds. Every function takes a Django ``settings_dict`` (one entry of
``DATABASES``) so that a restore can aim at another database than the one the site runs on.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from tuyentruyen.lib.errors import UserError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
# How long a SQLite copy waits for a lock before giving up (Python's backup loop would retry for ever).
LOCK_WAIT_SECONDS = 60


class BackupError(UserError):
    pass


def engine_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in engine:
        return POSTGRESQL
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {engine}.")


def dump_filename(engine: str) -> str:
    return "database.sqlite3" if engine == SQLITE else "database.pgdump"


def dump(settings_dict: dict, target: Path) -> dict[str, int]:
    """Write the whole database to ``target``; return the row count of every table in that copy."""
    if engine_of(settings_dict) == SQLITE:
        return _sqlite_dump(settings_dict, target)
    return _pg_dump(settings_dict, target)


def load(settings_dict: dict, source: Path) -> None:
    """Replace the whole content of the database with the dump at ``source``."""
    if engine_of(settings_dict) == SQLITE:
        _sqlite_load(settings_dict, source)
    else:
        _pg_load(settings_dict, source)


def row_counts(settings_dict: dict) -> dict[str, int]:
    """Rows in every table of the database, read through a connection of its own."""
    if engine_of(settings_dict) == SQLITE:
        with _sqlite_connect(settings_dict["NAME"]) as conn:
            return _sqlite_counts(conn)
    import psycopg

    with psycopg.connect(**_pg_params(settings_dict)) as conn, conn.cursor() as cursor:
        return _pg_counts(cursor)


def _count(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute('SELECT COUNT(*) FROM "{}"'.format(table.replace('"', '""')))
        counts[table] = cursor.fetchone()[0]
    return counts


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_connect(name) -> sqlite3.Connection:
    name = str(name)
    # Django's test databases live in shared memory ("file:…?mode=memory&cache=shared").
    return sqlite3.connect(name, uri=name.startswith("file:"), timeout=20)


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return _count(conn.cursor(), tables)


def _give_up_when_locked(message: str):
    started = time.monotonic()

    def progress(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and \
                time.monotonic() - started > LOCK_WAIT_SECONDS:
            raise BackupError(message)

    return progress


def _sqlite_dump(settings_dict: dict, target: Path) -> dict[str, int]:
    source = _sqlite_connect(settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, progress=_give_up_when_locked(
            f"Cơ sở dữ liệu SQLite bị khóa quá {LOCK_WAIT_SECONDS} giây: chưa sao lưu được, hãy thử lại."))
        return _sqlite_counts(copy)
    finally:
        copy.close()
        source.close()


def _sqlite_load(settings_dict: dict, source: Path) -> None:
    name = settings_dict["NAME"]
    if not str(name).startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    # The backup API in the other direction replaces the content in one write transaction, WAL and all,
    # which copying the file over a live database would not.
    dump_conn = sqlite3.connect(source)
    target = _sqlite_connect(name)
    locked = ("Không ghi được vào cơ sở dữ liệu SQLite (có thể ứng dụng vẫn đang chạy và giữ khóa ghi): "
              "hãy dừng web, worker và scheduler rồi thử lại.")
    try:
        dump_conn.backup(target, progress=_give_up_when_locked(locked))
    except sqlite3.OperationalError as exc:
        raise BackupError(locked) from exc
    finally:
        target.close()
        dump_conn.close()


# --- PostgreSQL -----------------------------------------------------------------------------------

# Connection options Django understands itself; the rest of OPTIONS are libpq parameters.
_DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "pool", "assume_role"}


def _pg_params(settings_dict: dict) -> dict:
    # Behind a pooler, DATABASE_DIRECT_URL (settings.py) is the way around it for dumps and restores: its
    # server and account, but this entry's database name (a test run's own database stays its own).
    if settings_dict.get("DIRECT"):
        direct = settings_dict["DIRECT"]
        settings_dict = {**direct, "NAME": settings_dict["NAME"], "OPTIONS": direct.get("OPTIONS") or {}}
    params = {key: value for key, value in (settings_dict.get("OPTIONS") or {}).items()
              if key not in _DJANGO_ONLY_OPTIONS}
    for key, name in (("NAME", "dbname"), ("USER", "user"), ("PASSWORD", "password"),
                      ("HOST", "host"), ("PORT", "port")):
        if settings_dict.get(key):
            params[name] = str(settings_dict[key])
    return params


def _pg_env(settings_dict: dict) -> dict:
    """libpq reads these, so no password ever appears on a command line (visible in ps)."""
    env = dict(os.environ)
    params = _pg_params(settings_dict)
    for name, variable in (("dbname", "PGDATABASE"), ("user", "PGUSER"), ("password", "PGPASSWORD"),
                           ("host", "PGHOST"), ("port", "PGPORT"), ("sslmode", "PGSSLMODE")):
        if name in params:
            env[variable] = params[name]
    return env


def pg_tool(name: str) -> str | None:
    """``pg_dump`` or ``pg_restore``: from PATH, else the newest Debian install (a newer client can
    dump an older server, not the other way round)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0)
    return candidates[-1] if candidates else None


def _run_pg_tool(name: str, arguments: list[str], settings_dict: dict) -> None:
    tool = pg_tool(name)
    if tool is None:
        raise BackupError(f"Không tìm thấy chương trình {name} của PostgreSQL: hãy cài gói "
                          "postgresql-client cùng phiên bản với máy chủ cơ sở dữ liệu.")
    result = subprocess.run([tool, *arguments], env=_pg_env(settings_dict), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{name} báo lỗi (mã {result.returncode}): {result.stderr.strip()[-800:]}")


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return _count(cursor, [row[0] for row in cursor.fetchall()])


def _pg_dump(settings_dict: dict, target: Path) -> dict[str, int]:
    import psycopg

    with psycopg.connect(**_pg_params(settings_dict)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cursor:
            # pg_dump joins this transaction's snapshot: the counts below describe the very same data.
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run_pg_tool("pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                         settings_dict)
            return _pg_counts(cursor)


def _pg_load(settings_dict: dict, source: Path) -> None:
    _run_pg_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges",
                                "--single-transaction", "--exit-on-error",
                                f"--dbname={_pg_params(settings_dict)['dbname']}", str(source)], settings_dict)
