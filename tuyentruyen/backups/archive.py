"""One backup = one dated ``.tar.gz`` holding the database dump, every media file and a manifest, with a
``.sha256`` file beside it (the format ``sha256sum -c`` reads).

Inside: ``database.sqlite3`` or ``database.pgdump``, ``media/<name>`` for each file of the default
storage (listed through the storage API, so object storage works the same), and ``manifest.json`` last:
format, date, engine, applied migrations, every table's row count and the SHA-256 of every member.
A restore checks the outer checksum, then every member against the manifest, before it changes anything.

Archives are kept in the "backups" storage (``BACKUP_DIR``, or the object store with ``S3_BUCKET``): an
archive is packed in a private scratch folder of this machine (``SCRATCH_DIR``; pg_dump and tarfile need
real files), then saved whole through the storage; a restore copies it back to a scratch folder first.
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages
from django.db import connections
from django.utils import timezone

from tuyentruyen.lib import stored

from . import database
from .database import BackupError

FORMAT = 1
PREFIX = "tuyentruyen-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA_DIR = "media/"
_CHUNK = 1024 * 1024
BACKUP_SCRATCH_PREFIX = "backup-"
RESTORE_SCRATCH_PREFIX = "restore-"


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
    """Every file name in the storage (no filesystem path assumed)."""
    return stored.names(storage, directory)


def backup_storage() -> Storage:
    return storages["backups"]


def _as_storage(target) -> Storage:
    """The backups storage, a storage given, or a folder given on the command line (owner-only)."""
    if target is None:
        return backup_storage()
    if isinstance(target, Storage):
        return target
    return stored.LocalStorage(location=Path(target), file_permissions_mode=0o600,
                               directory_permissions_mode=0o700)


def _scratch(prefix: str) -> tempfile.TemporaryDirectory:
    """A private folder on this machine's disk (owner-only, as ``mkdtemp`` makes it), removed on leaving."""
    root = Path(settings.SCRATCH_DIR)
    root.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=root, prefix=prefix)


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


def make_backup(target=None, *, using: str = "default", storage: Storage | None = None,
                now: datetime | None = None) -> str:
    """Write a new archive and its checksum file to ``target`` (the "backups" storage unless given: a
    storage or a folder); return the archive's name there. ``storage`` is the media storage to copy.

    Safe while the site runs: the database copy is a consistent snapshot; a media file deleted while
    the backup walks the storage is simply not in it."""
    target = _as_storage(target)
    storage = storage or default_storage
    settings_dict = connections[using].settings_dict
    engine = database.engine_of(settings_dict)
    local_now = timezone.localtime(now or timezone.now())
    name = f"{PREFIX}{local_now:%Y%m%d-%H%M%S}{SUFFIX}"
    if target.exists(name):
        raise BackupError(f"Đã có bản sao lưu {name}: hãy thử lại sau một giây.")
    mtime = local_now.timestamp()
    # Owner-only from the first byte (the scratch folder is): an archive holds residents' personal data.
    with _scratch(BACKUP_SCRATCH_PREFIX) as scratch:
        archive = Path(scratch) / name
        with tarfile.open(archive, mode="w:gz") as tar:
            dump_name = database.dump_filename(engine)
            dump_path = Path(scratch) / dump_name
            tables = database.dump(settings_dict, dump_path)
            members = {dump_name: sha256_of(dump_path)}
            tar.add(dump_path, arcname=dump_name)
            dump_path.unlink()
            files = {}
            # the archives themselves, when they are kept inside the media storage, are not media
            kept_inside = stored.nested_prefix(storage, target)
            for media_name in storage_files(storage):
                if kept_inside is not None and media_name.startswith(kept_inside):
                    continue
                try:
                    handle = storage.open(media_name, "rb")
                except FileNotFoundError:
                    continue
                with handle:
                    info = tarfile.TarInfo(MEDIA_DIR + media_name)
                    info.size = handle.size  # of the open file, even if it is deleted meanwhile
                    info.mtime = mtime
                    info.mode = 0o600
                    reader = _HashingReader(handle)
                    tar.addfile(info, reader)
                files[media_name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
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
        digest = sha256_of(archive)
        with open(archive, "rb") as handle:
            saved = target.save(name, File(handle, name=name))
        if saved != name:  # another backup took the name meanwhile
            target.delete(saved)
            raise BackupError(f"Đã có bản sao lưu {name}: hãy thử lại sau một giây.")
    # last: an archive without its checksum file is refused by a restore, never half-trusted
    target.save(checksum_name(name), ContentFile(f"{digest}  {name}\n".encode()))  # sha256sum -c reads it
    return name


def checksum_name(name: str) -> str:
    return name + ".sha256"


def list_backups(source=None) -> list[dict]:
    """The archives kept in the backups storage, newest first: name, size, date and whether the
    checksum file is beside it."""
    source = _as_storage(source)
    found = {item.name: item for item in stored.walk(source)}
    backups = [{"name": name, "size": item.size, "created_at": when,
                "checksum": checksum_name(name) in found}
               for name, item in found.items() if (when := backup_date(Path(name)))]
    return sorted(backups, key=lambda entry: entry["created_at"], reverse=True)


@contextmanager
def fetched(name: str, source=None) -> Iterator[Path]:
    """A local copy of a kept archive, with its checksum file beside it when there is one, in a private
    scratch folder removed on leaving: ``verify_backup`` and ``restore_backup`` read it."""
    source = _as_storage(source)
    if backup_date(Path(name)) is None or not source.exists(name):
        raise BackupError(f"Không tìm thấy bản sao lưu {name} trong kho sao lưu.")
    with _scratch(RESTORE_SCRATCH_PREFIX) as scratch:
        local = Path(scratch) / Path(name).name
        for stored_name, copy in ((name, local), (checksum_name(name), checksum_path(local))):
            try:
                with source.open(stored_name, "rb") as handle, open(copy, "wb") as out:
                    shutil.copyfileobj(handle, out, _CHUNK)
            except FileNotFoundError:
                continue  # no checksum file: verify_backup says so
        yield local


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
    with _scratch(RESTORE_SCRATCH_PREFIX) as scratch, tarfile.open(archive, "r:gz") as tar:
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


def prune_backups(target, keep_days: int, now: datetime | None = None) -> list[str]:
    """Remove archives (and their checksum files) older than ``keep_days`` from ``target`` (the backups
    storage, a storage or a folder); the newest always stays, so that a scheduler stopped for a month
    does not wake up to an empty store. What a killed backup left (a partial write in the store, a
    scratch folder on this machine) goes once a day old."""
    target = _as_storage(target)
    now = now or timezone.now()
    kept = list(stored.walk(target))
    dated = sorted((when, item.name) for item in kept if (when := backup_date(Path(item.name))))
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for when, name in dated[:-1]:
        if when < cutoff:
            target.delete(name)
            target.delete(checksum_name(name))
            removed.append(name)
    stale = now - timedelta(days=1)
    for item in kept:
        if item.name.endswith(stored.PARTIAL_SUFFIX) and item.modified < stale:
            target.delete(item.name)
            removed.append(item.name)
    scratch_root = Path(settings.SCRATCH_DIR)
    if scratch_root.is_dir():  # this machine's own work folders, not stored files
        for path in scratch_root.iterdir():
            ours = path.name.startswith((BACKUP_SCRATCH_PREFIX, RESTORE_SCRATCH_PREFIX))
            if ours and path.is_dir() and path.stat().st_mtime < stale.timestamp():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
    return removed
