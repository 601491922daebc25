"""Evidence files: type judged by content, size and quota limits, content-hash storage, thumbnails.

Files live in the default storage (local disk or object store) under
``evidence/<commune>/<ab>/<sha256>.<ext>``. A file is named by its content, so it is written once and never
overwritten; two activities attaching the same photo share it. They are streamed only through
``views.serve_evidence`` (permission checked), never from MEDIA_URL or a signed URL.
"""

import hashlib
import io
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from tuyentruyen.lib import stored
from tuyentruyen.lib.bounds import format_size
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.files import (
    DISK_FULL_ERRNOS,
    FileRefused,
    check_file,
    clean_file_name,
    sniff_content_type,
)

DEFAULT_MAX_MB = 50
DEFAULT_QUOTA_MB = 2048
THUMBNAIL_SIZE = (320, 320)

# content type → (extension, label)
ALLOWED_TYPES = {
    "image/jpeg": ("jpg", "ảnh JPEG"),
    "image/png": ("png", "ảnh PNG"),
    "image/gif": ("gif", "ảnh GIF"),
    "image/webp": ("webp", "ảnh WebP"),
    "application/pdf": ("pdf", "PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "Word (DOCX)"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "Excel (XLSX)"),
    "audio/mpeg": ("mp3", "âm thanh MP3"),
    "video/mp4": ("mp4", "video MP4"),
    "audio/mp4": ("m4a", "âm thanh M4A"),
}
ALLOWED_DESCRIPTION = "ảnh (JPG, PNG, GIF, WebP), PDF, Word (DOCX), Excel (XLSX), âm thanh MP3/M4A, video MP4"


class EvidenceError(UserError):
    """A refused file; ``message`` is Vietnamese and shown as is."""


DISK_FULL_MESSAGE = ("Máy chủ đã hết chỗ lưu tệp nên chưa lưu gì cả. Hãy báo quản trị hệ thống, rồi chọn lại tệp "
                     "và gửi lại sau.")


STORE_DOWN_MESSAGE = ("Kho lưu tệp của máy chủ tạm thời không trả lời nên chưa lưu gì cả. Hãy chọn lại tệp và gửi "
                      "lại sau ít phút; nếu vẫn lỗi, hãy báo quản trị hệ thống.")
EVIDENCE_DIR = "evidence"


def stored_name(storage_name: str) -> str:
    """The storage's name of an evidence file or thumbnail: rows keep ``<commune>/<ab>/<sha256>.<ext>``,
    the storage holds it under ``evidence/``. A name that leaves the folder is refused."""
    parts = PurePosixPath(storage_name).parts
    if not parts or any(part in ("", ".", "..") for part in parts) or PurePosixPath(storage_name).is_absolute():
        raise EvidenceError("Đường dẫn tệp không hợp lệ.")
    return f"{EVIDENCE_DIR}/{PurePosixPath(storage_name).as_posix()}"


def open_stored(storage_name: str):
    """The stored file, open for reading; ``FileNotFoundError`` when it is gone."""
    return default_storage.open(stored_name(storage_name), "rb")


def _hash_upload(uploaded) -> tuple[str, int, bytes]:
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in uploaded.chunks():
        if len(head) < 64:
            head += chunk[: 64 - len(head)]
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    return digest.hexdigest(), size, head


def store_upload(commune_id: int, uploaded, *, max_mb: int, quota_left_bytes: int,
                 written: list[str] | None = None) -> dict:
    """Check and store one uploaded file. Returns the fields of an ``Evidence`` row.
    Raises ``EvidenceError`` (nothing written) for a forbidden type, a file that does not open, a file too
    large, a full quota or a full disk. Names this call stored are appended to ``written``, so that the
    caller can remove them if its transaction does not commit."""
    name = clean_file_name(uploaded.name)
    if getattr(uploaded, "disk_full", False):  # the upload itself found no room (lib.uploads)
        raise EvidenceError(DISK_FULL_MESSAGE)
    if uploaded.size > max_mb * 1024 * 1024:
        raise EvidenceError(f"Tệp “{name}” nặng {format_size(uploaded.size)}, vượt giới hạn {max_mb} MB mỗi tệp.")
    sha256, size, head = _hash_upload(uploaded)
    if size == 0:
        raise EvidenceError(f"Tệp “{name}” rỗng.")
    if size > quota_left_bytes:
        raise EvidenceError(
            f"Không đủ dung lượng lưu minh chứng của xã để nhận tệp “{name}” ({format_size(size)}). "
            "Hãy xóa bớt minh chứng cũ hoặc đề nghị quản trị tăng hạn mức.")
    temp_path = getattr(uploaded, "temporary_file_path", None)
    source = Path(temp_path()) if temp_path else None
    if source is None:
        source = io.BytesIO(uploaded.read())  # in memory already (below FILE_UPLOAD_MAX_MEMORY_SIZE)
        uploaded.seek(0)
    content_type = sniff_content_type(head, source)
    if content_type not in ALLOWED_TYPES:
        raise EvidenceError(
            f"Tệp “{name}” không phải loại được nhận làm minh chứng. Chỉ nhận: {ALLOWED_DESCRIPTION}.")
    try:
        check_file(source, content_type, name=name)
    except FileRefused as exc:
        raise EvidenceError(exc.message) from exc
    ext = ALLOWED_TYPES[content_type][0]
    relative = f"{commune_id}/{sha256[:2]}/{sha256}.{ext}"
    _save_once(relative, uploaded, written)
    thumbnail = make_thumbnail(relative, source, written) if content_type.startswith("image/") else ""
    return {"sha256": sha256, "size": size, "content_type": content_type, "original_name": name,
            "storage_name": relative, "thumbnail_name": thumbnail}


def _save_once(relative: str, content, written: list[str] | None) -> None:
    """Store ``content`` under its content-hash name unless it is there already (the same bytes: never
    rewritten). The storage writes whole files (lib.stored.LocalStorage; an object store's PUT), so a
    write that fails, a full disk, leaves nothing."""
    name = stored_name(relative)
    if default_storage.exists(name):
        return
    try:
        saved = default_storage.save(name, content if isinstance(content, File) else File(content, name=name))
    except OSError as exc:
        if exc.errno in DISK_FULL_ERRNOS:
            raise EvidenceError(DISK_FULL_MESSAGE) from exc
        raise
    except stored.STORE_ERRORS as exc:
        raise EvidenceError(STORE_DOWN_MESSAGE) from exc
    if saved != name:  # another upload of the same bytes got there first: keep its copy, drop ours
        default_storage.delete(saved)
        return
    if written is not None:
        written.append(relative)


def remove_written(names: list[str]) -> None:
    for name in names:
        default_storage.delete(stored_name(name))


def make_thumbnail(relative: str, source, written: list[str] | None = None) -> str:
    """A JPEG thumbnail beside the file (``<sha>.thumb.jpg``), made from the uploaded bytes; "" when the
    image cannot be read or the store has no room for it (the evidence is still stored; the page shows
    its name instead)."""
    folder, file_name = relative.rsplit("/", 1)
    thumb = f"{folder}/{file_name.split('.')[0]}.thumb.jpg"
    if default_storage.exists(stored_name(thumb)):
        return thumb
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        with Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
        _save_once(thumb, ContentFile(out.getvalue(), name=thumb), written)
    except (OSError, ValueError, Image.DecompressionBombError, EvidenceError):
        return ""
    return thumb


def remove_stored(storage_name: str, thumbnail_name: str = "") -> None:
    for name in (storage_name, thumbnail_name):
        if name:
            default_storage.delete(stored_name(name))
