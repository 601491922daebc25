"""Behind PgBouncer in transaction pooling, pg_dump's session settings would stay on a pooled server
connection (its empty search_path made the next client's tables "not exist": found by deploy/topology's
smoke test). The dump, the restore and their row counts go straight to PostgreSQL when the settings give
its address."""

import pytest

from tuyentruyen.backups.database import _pg_env, _pg_params

POOLED = {"ENGINE": "django.db.backends.postgresql", "NAME": "tuyentruyen", "USER": "app", "PASSWORD": "pooled",
          "HOST": "10.0.0.20", "PORT": 6432, "OPTIONS": {"prepare_threshold": None}}
DIRECT = {"ENGINE": "django.db.backends.postgresql", "NAME": "tuyentruyen", "USER": "app", "PASSWORD": "direct",
          "HOST": "10.0.0.20", "PORT": 5432, "OPTIONS": {}}


@pytest.mark.parametrize("settings_dict, port, password", [
    (POOLED, "6432", "pooled"),  # no direct address: the one there is
    ({**POOLED, "DIRECT": DIRECT}, "5432", "direct"),  # the pooler's settings with PostgreSQL's own address
    ({**POOLED, "DIRECT": None}, "6432", "pooled"),
])
def test_the_tools_connect_where_the_settings_say(settings_dict, port, password):
    assert _pg_params(settings_dict)["port"] == port
    env = _pg_env(settings_dict)
    assert (env["PGPORT"], env["PGPASSWORD"], env["PGDATABASE"]) == (port, password, "tuyentruyen")


def test_settings_read_the_direct_address(monkeypatch):
    import importlib

    from tuyentruyen import settings as project_settings

    monkeypatch.setenv("DATABASE_URL", "postgres://app:pooled@10.0.0.20:6432/tuyentruyen")
    monkeypatch.setenv("DATABASE_POOLER", "pgbouncer")
    monkeypatch.setenv("DATABASE_DIRECT_URL", "postgres://app:direct@10.0.0.20:5432/tuyentruyen")
    try:
        reloaded = importlib.reload(project_settings)
        default = reloaded.DATABASES["default"]
        assert (default["PORT"], default["DIRECT"]["PORT"], default["DIRECT"]["PASSWORD"]) == (6432, 5432, "direct")
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
