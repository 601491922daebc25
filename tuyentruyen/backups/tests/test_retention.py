import os
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils.module_loading import autodiscover_modules

from tuyentruyen.backups.archive import checksum_path, prune_backups
from tuyentruyen.backups.tasks import daily_backup
from tuyentruyen.jobs.schedule import registered_jobs

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 20, 2, 0, tzinfo=HCM)


def archive(directory, stamp):
    path = directory / f"tuyentruyen-{stamp}.tar.gz"
    path.write_bytes(b"x")
    checksum_path(path).write_text("0  x\n")
    return path


def test_archives_older_than_the_kept_days_are_removed_with_their_checksums(tmp_path):
    old = archive(tmp_path, "20260301-014500")
    kept = archive(tmp_path, "20260307-014500")
    newest = archive(tmp_path, "20260320-014500")
    other = tmp_path / "tuyentruyen-ghi-chu.tar.gz"
    other.write_bytes(b"not ours")

    assert prune_backups(tmp_path, keep_days=14, now=NOW) == [old.name]

    assert not old.exists() and not checksum_path(old).exists()
    assert kept.exists() and checksum_path(kept).exists() and newest.exists() and other.exists()


def test_what_a_killed_backup_left_is_removed_once_a_day_old(tmp_path, settings):
    settings.SCRATCH_DIR = tmp_path / "scratch"
    old_part = tmp_path / ".tuyentruyen-abc.part"  # a partial write of the storage (lib.stored.LocalStorage)
    old_part.write_bytes(b"half")
    old_scratch = settings.SCRATCH_DIR / "backup-abc"  # a packing folder of a killed backup, on this machine
    old_scratch.mkdir(parents=True)
    (old_scratch / "database.sqlite3").write_bytes(b"x")
    running = tmp_path / ".tuyentruyen-def.part"
    running.write_bytes(b"in progress")
    day_ago = NOW.timestamp() - 2 * 86400
    for path in (old_part, old_scratch):
        os.utime(path, (day_ago, day_ago))
    os.utime(running, (NOW.timestamp(), NOW.timestamp()))

    assert sorted(prune_backups(tmp_path, keep_days=14, now=NOW)) == [old_part.name, "backup-abc"]
    assert running.exists() and not old_part.exists() and not old_scratch.exists()


def test_the_newest_archive_stays_however_old(tmp_path):
    only = archive(tmp_path, "20250101-014500")

    assert prune_backups(tmp_path, keep_days=14, now=NOW) == []
    assert only.exists()


def test_the_daily_backup_is_registered_like_the_other_jobs():
    autodiscover_modules("tasks")

    job = {job.name: job for job in registered_jobs()}["backups.daily_backup"]
    assert job.task is daily_backup and job.at == time(1, 45)


@pytest.mark.django_db(transaction=True)
def test_the_daily_backup_writes_an_archive_and_prunes(officer_a, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP_DAYS = 3
    stale = archive(tmp_path, "20200101-014500")

    result = daily_backup.call()

    assert result["removed"] == [stale.name]
    (made,) = tmp_path.glob("*.tar.gz")
    assert made.name == result["archive"] and checksum_path(made).is_file()
