import sqlite3

import pytest

from tuyentruyen.backups import database

SQLITE = {"ENGINE": "django.db.backends.sqlite3"}


@pytest.fixture
def locked_database(tmp_path):
    """A SQLite file whose write lock another process's connection holds (a site still running)."""
    path = tmp_path / "site.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE note (text TEXT)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO note VALUES ('đang ghi')")
    yield path
    holder.rollback()
    holder.close()


def test_a_restore_over_a_locked_database_gives_up_with_a_message(locked_database, tmp_path, monkeypatch):
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.2)
    dump = tmp_path / "dump.sqlite3"
    with sqlite3.connect(dump) as conn:
        conn.execute("CREATE TABLE note (text TEXT)")

    with pytest.raises(database.BackupError, match="hãy dừng web, worker và scheduler"):
        database.load({**SQLITE, "NAME": str(locked_database)}, dump)


def test_a_backup_of_a_locked_database_gives_up_with_a_message(locked_database, tmp_path, monkeypatch):
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.2)

    with pytest.raises(database.BackupError, match="bị khóa quá"):
        database._sqlite_dump({**SQLITE, "NAME": str(locked_database)}, tmp_path / "copy.sqlite3")
