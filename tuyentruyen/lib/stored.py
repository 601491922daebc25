"""Stored files go through Django's storage API only (``default_storage``, ``storages["backups"]``), so that
one setting moves them from the local disk to S3-compatible object storage (``S3_BUCKET``, see settings).
No code opens the local path of a stored file: where a tool needs a real file (openpyxl, pg_dump), the
bytes are copied to a temporary file (``local_copy``) and results are saved back through the storage.

``LocalStorage`` is the default when no object store is configured: Django's ``FileSystemStorage`` with
whole-file writes (a reader never sees half a file, and a write that fails, a full disk, leaves nothing),
which is what an object store's PUT gives for free.
"""

import contextlib
import errno
import os
import posixpath
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils._os import safe_makedirs
from django.utils.functional import cached_property

PARTIAL_SUFFIX = ".part"
NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK})


def _store_errors() -> tuple[type[BaseException], ...]:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # no object store client installed: only the disk, whose errors are OSError
        return ()
    return (BotoCoreError, ClientError)


# An object store that did not answer, or refused a write: callers turn it into a Vietnamese message.
STORE_ERRORS = _store_errors()


class LocalStorage(FileSystemStorage):
    """Files on the local disk, written whole: into a ``.part`` file beside the target, then linked into
    place under a name nobody has (never overwriting, as the object store's ``file_overwrite=False``)."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        descriptor, partial = tempfile.mkstemp(dir=directory, prefix=".", suffix=PARTIAL_SUFFIX)
        try:
            with os.fdopen(descriptor, "wb") as out:
                self._write(out, content)
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            while True:
                try:
                    os.link(partial, full_path)  # fails if the name is taken: nothing is overwritten
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                except OSError as exc:
                    if exc.errno not in NO_HARD_LINKS:
                        raise
                    # a file system without hard links: a rename, after a last look at the name
                    if os.path.exists(full_path):
                        name = self.get_available_name(name)
                        full_path = self.path(name)
                        continue
                    os.replace(partial, full_path)
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        return str(name).replace("\\", "/")

    @staticmethod
    def _write(out, content) -> None:
        if hasattr(content, "seek") and getattr(content, "seekable", lambda: True)():
            content.seek(0)
        for chunk in content.chunks():
            out.write(chunk.encode() if isinstance(chunk, str) else chunk)


class BackupFolderStorage(LocalStorage):
    """The "backups" storage without an object store: ``BACKUP_DIR``, owner-only (set in settings)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.BACKUP_DIR)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "BACKUP_DIR":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


@dataclass(frozen=True)
class StoredFile:
    name: str  # the storage's name, relative to its root
    size: int
    modified: datetime


def walk(storage: Storage, directory: str = "") -> Iterator[StoredFile]:
    """Every file under ``directory`` of ``storage``, with its size and modification time. An object
    store is listed in pages of a thousand keys; any other storage is walked through ``listdir``."""
    directory = directory.strip("/")
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:  # django-storages' S3Storage: one listing instead of one per "folder"
        root = storage._normalize_name(directory) if directory else storage._normalize_name("")
        prefix = root.rstrip("/") + "/" if root else ""
        location = storage._normalize_name("").rstrip("/")
        for item in bucket.objects.filter(Prefix=prefix):
            if item.key.endswith("/"):
                continue
            name = item.key[len(location) + 1:] if location else item.key
            yield StoredFile(name, item.size, item.last_modified)
        return
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:  # nothing stored there yet
        return
    for file_name in sorted(files):
        name = posixpath.join(directory, file_name) if directory else file_name
        try:
            yield StoredFile(name, storage.size(name), storage.get_modified_time(name))
        except FileNotFoundError:
            continue  # removed meanwhile
    for folder in sorted(folders):
        yield from walk(storage, posixpath.join(directory, folder) if directory else folder)


def names(storage: Storage, directory: str = "") -> list[str]:
    return sorted(item.name for item in walk(storage, directory))


def sweep_unreferenced(storage: Storage, directory: str, referenced: set[str], *,
                       modified_before: datetime) -> tuple[int, int]:
    """Remove the files under ``directory`` whose name relative to it is not in ``referenced`` and that
    were last written before ``modified_before`` (the grace period lets an upload whose transaction has
    not committed yet keep its file). Returns (files removed, bytes freed)."""
    directory = directory.strip("/")
    removed = freed = 0
    for item in list(walk(storage, directory)):
        relative = item.name[len(directory) + 1:] if directory else item.name
        if relative in referenced or item.modified >= modified_before:
            continue
        storage.delete(item.name)  # deleting what another sweep already removed is no error
        removed += 1
        freed += item.size
    return removed, freed


@contextlib.contextmanager
def local_copy(storage: Storage, name: str, *, suffix: str = "") -> Iterator[Path]:
    """A temporary local copy of a stored file, for a tool that needs a path or a seekable file; removed
    on leaving. Raises ``FileNotFoundError`` when the file is not stored."""
    with storage.open(name, "rb") as source, \
            tempfile.NamedTemporaryFile(suffix=suffix or Path(name).suffix, prefix="tuyentruyen-") as copy:
        while chunk := source.read(1024 * 1024):
            copy.write(chunk)
        copy.flush()
        yield Path(copy.name)


def reachable(storage: Storage) -> bool:
    """Whether the storage answers now (for a readiness probe): the bucket for an object store (one HEAD
    request), the folder for the local disk (a folder not made yet holds nothing and is fine)."""
    bucket = getattr(storage, "bucket", None)
    try:
        if bucket is not None:
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        else:
            storage.listdir("")
    except FileNotFoundError:
        return bucket is None
    except Exception:  # noqa: BLE001 - any failure to answer means "not ready", whatever the backend raised
        return False
    return True


def nested_prefix(outer: Storage, inner: Storage) -> str | None:
    """The folder of ``outer`` that holds ``inner``'s files, when ``inner`` lives inside it (backups under
    ``backups/`` of the media bucket, or BACKUP_DIR inside MEDIA_ROOT); None when they are apart."""
    if getattr(outer, "bucket_name", None) is not None:
        if getattr(inner, "bucket_name", None) != outer.bucket_name:
            return None
        outer_root = outer._normalize_name("").strip("/")
        inner_root = inner._normalize_name("").strip("/")
    elif isinstance(outer, FileSystemStorage) and isinstance(inner, FileSystemStorage):
        outer_root, inner_root = Path(outer.location).as_posix(), Path(inner.location).as_posix()
    else:
        return None
    if outer_root == inner_root:
        return ""
    if not outer_root:
        return inner_root + "/"
    if inner_root.startswith(outer_root + "/"):
        return inner_root[len(outer_root) + 1:] + "/"
    return None
