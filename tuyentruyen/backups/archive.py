"""One backup = one dated ``.tar.gz`` holding the database dump, every media file and a manifest, with a
``.sha256`` file beside it (the format ``sha256sum -c`` reads).

Inside: ``database.sqlite3`` or ``database.pgdump``, ``media/<name>`` for each file of the default
storage (listed through the storage API, so object storage works the same), and ``manifest.json`` last:
format, date, engine, applied migrations, every table's row count and the SHA-256 of every member.
A restore checks the outer checksum, then every member against the manifest, before it changes anything.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.utils import timezone

from . import database
from .database import BackupError

FORMAT = 1
PREFIX = "tuyentruyen-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA_DIR = "media/"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class RestoreSummary:
    manifest: dict
    tables: int
    rows: int
    files: int


class _HashingReader:
    """Hands tarfile the bytes of a file while hashing them, so each file is read once."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.digest.update(data)
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


def storage_files(storage: Storage, directory: str = "") -> list[str]:
    """Every file name in the storage, walked through ``listdir`` (no filesystem path assumed)."""
    try:
        subdirectories, files = storage.listdir(directory)
    except FileNotFoundError:  # MEDIA_ROOT not made yet: nothing uploaded
        return []
    prefix = f"{directory}/" if directory else ""
    names = [prefix + name for name in files]
    for subdirectory in subdirectories:
        names.extend(storage_files(storage, prefix + subdirectory))
    return sorted(names)


def _applied_migrations(using: str) -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def make_backup(directory: Path, *, using: str = "default", storage: Storage | None = None,
                now: datetime | None = None) -> Path:
    """Write a new archive in ``directory`` and its checksum file; return the archive's path.

    Safe while the site runs: the database copy is a consistent snapshot; a media file deleted while
    the backup walks the storage is simply not in it."""
    storage = storage or default_storage
    settings_dict = connections[using].settings_dict
    engine = database.engine_of(settings_dict)
    local_now = timezone.localtime(now or timezone.now())
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    archive = directory / f"{PREFIX}{local_now:%Y%m%d-%H%M%S}{SUFFIX}"
    if archive.exists():
        raise BackupError(f"Đã có bản sao lưu {archive.name}: hãy thử lại sau một giây.")
    partial = archive.with_name(archive.name + ".part")
    mtime = local_now.timestamp()
    try:
        # Owner-only from the first byte: an archive holds residents' personal data.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with tempfile.TemporaryDirectory(dir=directory, prefix=".dump-") as scratch, \
                open(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            dump_name = database.dump_filename(engine)
            dump_path = Path(scratch) / dump_name
            tables = database.dump(settings_dict, dump_path)
            members = {dump_name: sha256_of(dump_path)}
            tar.add(dump_path, arcname=dump_name)
            files = {}
            for name in storage_files(storage):
                try:
                    handle = storage.open(name, "rb")
                except FileNotFoundError:
                    continue
                with handle:
                    info = tarfile.TarInfo(MEDIA_DIR + name)
                    info.size = handle.size  # of the open file, even if it is deleted meanwhile
                    info.mtime = mtime
                    info.mode = 0o600
                    reader = _HashingReader(handle)
                    tar.addfile(info, reader)
                files[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
            manifest = {
                "format": FORMAT,
                "created_at": local_now.isoformat(),
                "engine": engine,
                "migrations": _applied_migrations(using),
                "tables": tables,
                "members": members,
                "files": files,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode(), mtime)
        os.replace(partial, archive)
    finally:
        partial.unlink(missing_ok=True)
    checksum_path(archive).write_text(f"{sha256_of(archive)}  {archive.name}\n")  # sha256sum -c reads it
    return archive


def verify_backup(archive: Path) -> dict:
    """Check the checksum file and every member against the manifest; return the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive.name}.")
    beside = checksum_path(archive)
    if not beside.is_file():
        raise BackupError(f"Thiếu tệp mã kiểm tra {beside.name} bên cạnh bản sao lưu: không thể xác nhận "
                          "bản sao lưu còn nguyên vẹn, nên không khôi phục.")
    expected = (beside.read_text().split() or [""])[0].lower()
    if sha256_of(archive) != expected:
        raise BackupError(f"Mã kiểm tra SHA-256 của {archive.name} không khớp với {beside.name}: bản sao "
                          "lưu đã bị hỏng hoặc bị sửa, không khôi phục.")
    digests: dict[str, str] = {}
    manifest = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                handle = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(handle.read())
                    continue
                digest = hashlib.sha256()
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
                digests[member.name] = digest.hexdigest()
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise BackupError(f"Không đọc được bản sao lưu {archive.name}: tệp không phải bản sao lưu hợp lệ.") \
            from exc
    if not manifest or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive.name} không có bảng kê (manifest) hợp lệ của bản sao lưu.")
    wanted = dict(manifest["members"])
    wanted.update({MEDIA_DIR + name: entry["sha256"] for name, entry in manifest["files"].items()})
    if digests != wanted:
        damaged = sorted(name for name in wanted.keys() | digests.keys() if digests.get(name) != wanted.get(name))
        raise BackupError(f"Nội dung của {archive.name} không khớp bảng kê ({len(damaged)} mục, ví dụ "
                          f"{damaged[0]}): bản sao lưu đã bị hỏng, không khôi phục.")
    return manifest


def restore_backup(archive: Path, *, using: str = "default", settings_dict: dict | None = None,
                   storage: Storage | None = None, manifest: dict | None = None) -> RestoreSummary:
    """Bring the database and media files of ``archive`` back, then check every table's row count.

    ``settings_dict`` and ``storage`` name the target (the site's own database and default storage
    unless given). The site should be stopped: the database is replaced as a whole."""
    archive = Path(archive)
    manifest = manifest or verify_backup(archive)
    settings_dict = settings_dict or connections[using].settings_dict
    storage = storage or default_storage
    engine = database.engine_of(settings_dict)
    if manifest["engine"] != engine:
        raise BackupError(f"Bản sao lưu này là của cơ sở dữ liệu {_engine_label(manifest['engine'])}, còn "
                          f"cài đặt này dùng {_engine_label(engine)}: không khôi phục được sang loại khác.")
    dump_name = database.dump_filename(engine)
    with tempfile.TemporaryDirectory(prefix="tuyentruyen-restore-") as scratch, \
            tarfile.open(archive, "r:gz") as tar:
        dump_path = Path(scratch) / dump_name
        with tar.extractfile(dump_name) as source, open(dump_path, "wb") as target:
            while chunk := source.read(_CHUNK):
                target.write(chunk)
        connections.close_all()  # no connection of ours holds the database while it is replaced
        database.load(settings_dict, dump_path)
        files = 0
        for member in tar:
            if not (member.isfile() and member.name.startswith(MEDIA_DIR)):
                continue
            name = member.name[len(MEDIA_DIR):]
            if name not in manifest["files"]:
                continue
            if storage.exists(name):
                storage.delete(name)
            with tar.extractfile(member) as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"Kho tệp đã lưu {name} dưới tên khác ({saved}): khôi phục chưa trọn.")
            files += 1
    counts = database.row_counts(settings_dict)
    missing = {table: rows for table, rows in manifest["tables"].items() if counts.get(table) != rows}
    if missing:
        table = sorted(missing)[0]
        raise BackupError(f"Sau khi khôi phục, số dòng của {len(missing)} bảng không khớp bảng kê (ví dụ "
                          f"{table}: {counts.get(table, 0)} thay vì {missing[table]}).")
    return RestoreSummary(manifest=manifest, tables=len(counts), rows=sum(manifest["tables"].values()),
                          files=files)


def _engine_label(engine: str) -> str:
    return {database.SQLITE: "SQLite", database.POSTGRESQL: "PostgreSQL"}.get(engine, engine)


def backup_date(archive: Path) -> datetime | None:
    """The local time in the archive's name (``tuyentruyen-YYYYMMDD-HHMMSS.tar.gz``), None for other names."""
    stem = archive.name.removeprefix(PREFIX).removesuffix(SUFFIX)
    if not (archive.name.startswith(PREFIX) and archive.name.endswith(SUFFIX)):
        return None
    try:
        return timezone.make_aware(datetime.strptime(stem, "%Y%m%d-%H%M%S"))
    except ValueError:
        return None


def prune_backups(directory: Path, keep_days: int, now: datetime | None = None) -> list[str]:
    """Remove archives (and their checksum files) older than ``keep_days``; the newest always stays,
    so that a scheduler stopped for a month does not wake up to an empty folder."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    dated = sorted((when, path) for path in directory.iterdir() if (when := backup_date(path)))
    now = now or timezone.now()
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for when, path in dated[:-1]:
        if when < cutoff:
            path.unlink()
            checksum_path(path).unlink(missing_ok=True)
            removed.append(path.name)
    # What a backup killed half-way left behind; a day old, so that no running backup loses its files.
    stale = now.timestamp() - 86400
    for path in directory.iterdir():
        leftover = path.name.endswith(SUFFIX + ".part") or path.name.startswith(".dump-")
        if leftover and path.stat().st_mtime < stale:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path.name)
    return removed
