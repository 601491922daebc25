"""The settings of the several-servers topology, read from the environment: the pooler, the replica, the
cache. Each case starts a fresh interpreter (settings are read once), and connects to nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = ("import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tuyentruyen.settings'); "
         "django.setup(); from django.conf import settings as s; "
         "print(json.dumps({'databases': {a: {'engine': d['ENGINE'], 'port': str(d.get('PORT')), "
         "'server_side_cursors': not d.get('DISABLE_SERVER_SIDE_CURSORS', False), "
         "'options': d.get('OPTIONS', {}), 'test': d.get('TEST', {})} for a, d in s.DATABASES.items()}, "
         "'cache': s.CACHES['default']['BACKEND'], 'location': s.CACHES['default']['LOCATION'], "
         "'routers': s.DATABASE_ROUTERS, 'session_engine': s.SESSION_ENGINE}, default=str))")
TOPOLOGY = ("DATABASE_URL", "DATABASE_POOLER", "DATABASE_REPLICA_URL", "CACHE_URL")


def settings_with(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TOPOLOGY} | {"VAR_DIR": str(tmp_path), **env}
    result = subprocess.run([sys.executable, "-c", PRINT], cwd=ROOT, env=clean, capture_output=True, text=True,
                            timeout=120)
    return result.returncode, (json.loads(result.stdout) if result.returncode == 0 else result.stderr)


def test_unset_means_one_sqlite_database_and_the_database_cache(tmp_path):
    code, out = settings_with(tmp_path)
    assert code == 0, out
    assert list(out["databases"]) == ["default"] and out["databases"]["default"]["engine"].endswith("sqlite3")
    assert out["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert out["session_engine"] == "django.contrib.sessions.backends.db"  # never the cache, whatever it is


def test_pgbouncer_turns_off_server_side_cursors_and_prepared_statements(tmp_path):
    code, out = settings_with(tmp_path, DATABASE_URL="postgres://app@127.0.0.1:6432/tt", DATABASE_POOLER="pgbouncer",
                              DATABASE_REPLICA_URL="postgres://app@127.0.0.1:6433/tt")
    assert code == 0, out
    for alias in ("default", "replica"):
        database = out["databases"][alias]
        assert not database["server_side_cursors"] and database["options"] == {"prepare_threshold": None}
    assert out["databases"]["replica"]["port"] == "6433"
    assert out["databases"]["replica"]["test"]["MIRROR"] == "default"
    assert out["routers"] == ["tuyentruyen.lib.dbrouter.ReplicaRouter"]


def test_without_the_pooler_postgresql_keeps_its_defaults(tmp_path):
    code, out = settings_with(tmp_path, DATABASE_URL="postgres://app@127.0.0.1:5432/tt")
    assert code == 0, out
    assert out["databases"]["default"]["server_side_cursors"] and out["databases"]["default"]["options"] == {}


def test_a_redis_cache_url_selects_djangos_redis_backend(tmp_path):
    code, out = settings_with(tmp_path, CACHE_URL="redis://127.0.0.1:6379/2")
    assert code == 0, out
    assert out["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert out["location"] == "redis://127.0.0.1:6379/2"
    assert out["session_engine"] == "django.contrib.sessions.backends.db"


@pytest.mark.parametrize(("name", "value"), [("DATABASE_POOLER", "pgpool"), ("CACHE_URL", "memcached://127.0.0.1")])
def test_an_unknown_value_stops_the_start_with_its_name(tmp_path, name, value):
    code, err = settings_with(tmp_path, **{name: value})
    assert code != 0 and "ImproperlyConfigured" in err and name in err
