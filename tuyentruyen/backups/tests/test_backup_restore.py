import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from tuyentruyen.audit.models import AuditEvent
from tuyentruyen.backups.archive import (
    checksum_path,
    make_backup,
    restore_backup,
    sha256_of,
    storage_files,
    verify_backup,
)
from tuyentruyen.backups.database import BackupError
from tuyentruyen.localities.models import Commune

# pg_dump and the online SQLite backup read through connections of their own: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def source_counts():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def file_hash(storage, name):
    with storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def assert_untouched(installation):
    conn, _, tables = installation.cursor_and_tables()
    conn.close()
    assert tables == []
    assert storage_files(installation.storage) == []


def rewrite_archive(archive, change):
    """Rebuild ``archive`` with ``change(name, data) -> data`` applied to each member and a matching
    .sha256 beside it: damage that the outer checksum cannot see."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(member.name, tar.extractfile(member).read()) for member in tar if member.isfile()]
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members:
            data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    checksum_path(archive).write_text(f"{sha256_of(archive)}  {archive.name}\n")


def test_a_backup_restores_into_a_fresh_installation(officer_a, officer_b, media_files, fresh_installation,
                                                       tmp_path):
    before = source_counts()
    assert before["accounts_user"] >= 2 and before[AuditEvent._meta.db_table] > 0

    archive = tmp_path / "backups" / make_backup(tmp_path / "backups")
    summary = restore_backup(archive, settings_dict=fresh_installation.settings_dict,
                             storage=fresh_installation.storage)

    conn, cursor, tables = fresh_installation.cursor_and_tables()
    try:
        assert sorted(tables) == sorted(before)
        after = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            after[table] = cursor.fetchone()[0]
        cursor.execute(f'SELECT name FROM "{Commune._meta.db_table}" ORDER BY code')
        commune_names = [row[0] for row in cursor.fetchall()]
    finally:
        conn.close()
    assert after == before
    assert commune_names == list(Commune.objects.order_by("code").values_list("name", flat=True))
    assert summary.files == len(media_files)
    for name in media_files:
        assert file_hash(fresh_installation.storage, name) == file_hash(default_storage, name)


def test_the_manifest_describes_the_archive(media_files, tmp_path):
    archive = tmp_path / "backups" / make_backup(tmp_path / "backups")

    assert archive.name.startswith("tuyentruyen-") and archive.name.endswith(".tar.gz")
    assert checksum_path(archive).read_text() == f"{sha256_of(archive)}  {archive.name}\n"
    manifest = verify_backup(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == source_counts()
    assert manifest["migrations"]["accounts"].startswith("0")
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == {
        name: hashlib.sha256(data).hexdigest() for name, data in media_files.items()}


def damage_one_byte(archive):
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))


def tamper_with_a_file(archive):
    rewrite_archive(archive, lambda name, data: b"sua" + data if name == "media/portal/news/tin-bai.txt" else data)


def claim_another_engine(archive):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def change_engine(name, data):
        return json.dumps({**json.loads(data), "engine": other}).encode() if name == "manifest.json" else data

    rewrite_archive(archive, change_engine)


DAMAGES = [
    (damage_one_byte, "SHA-256 .* không khớp"),
    (tamper_with_a_file, "không khớp bảng kê .*media/portal/news/tin-bai.txt"),  # .sha256 recomputed
    (claim_another_engine, "không khôi phục được sang loại khác"),
    (lambda archive: checksum_path(archive).unlink(), "Thiếu tệp mã kiểm tra"),
]


def test_restore_refuses_a_damaged_or_foreign_archive_and_changes_nothing(media_files, fresh_installation,
                                                                         tmp_path):
    # One archive for all the cases: each transactional test costs a database flush.
    original = tmp_path / "backups" / make_backup(tmp_path / "backups")
    for number, (damage, message) in enumerate(DAMAGES):
        archive = tmp_path / f"case-{number}" / original.name
        archive.parent.mkdir()
        shutil.copy(original, archive)
        shutil.copy(checksum_path(original), checksum_path(archive))
        damage(archive)

        with pytest.raises(BackupError, match=message):
            restore_backup(archive, settings_dict=fresh_installation.settings_dict,
                           storage=fresh_installation.storage)
        assert_untouched(fresh_installation)
