"""Evidence files: type judged by content, size and quota limits, content-hash storage, thumbnails.

Files live under ``MEDIA_ROOT/evidence/<commune>/<ab>/<sha256>.<ext>``. A path is named by its content,
so a file is written once and never overwritten; two activities attaching the same photo share it.
They are served only through ``views.serve_evidence`` (permission checked), never from MEDIA_URL.
"""

import hashlib
import io
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps

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


def evidence_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence"


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
                 written: list[Path] | None = None) -> dict:
    """Check and store one uploaded file. Returns the fields of an ``Evidence`` row.
    Raises ``EvidenceError`` (nothing written) for a forbidden type, a file that does not open, a file too
    large, a full quota or a full disk. Paths this call created are appended to ``written``, so that the
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
    relative = Path(str(commune_id)) / sha256[:2] / f"{sha256}.{ext}"
    target = evidence_root() / relative
    if not target.exists():  # content-addressed: an existing file is the same bytes, never rewritten
        _write_whole(target, uploaded.chunks())
        if written is not None:
            written.append(target)
    thumbnail = make_thumbnail(target, written) if content_type.startswith("image/") else ""
    return {"sha256": sha256, "size": size, "content_type": content_type, "original_name": name,
            "storage_name": str(relative), "thumbnail_name": thumbnail}


def _write_whole(target: Path, chunks) -> None:
    """Write through a ``.part`` file renamed into place: a reader never sees half a file, and a failed
    write (a full disk) leaves nothing behind."""
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if exc.errno in DISK_FULL_ERRNOS:
            raise EvidenceError(DISK_FULL_MESSAGE) from exc
        raise


def remove_written(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def make_thumbnail(path: Path, written: list[Path] | None = None) -> str:
    """A JPEG thumbnail beside the file (``<sha>.thumb.jpg``); "" when the image cannot be read or the
    disk has no room for it (the evidence is still stored; the page shows its name instead)."""
    thumb = path.with_name(path.name.split(".")[0] + ".thumb.jpg")
    if not thumb.exists():
        try:
            with Image.open(path) as image:
                image = ImageOps.exif_transpose(image)
                image.thumbnail(THUMBNAIL_SIZE)
                out = io.BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=80)
            _write_whole(thumb, [out.getvalue()])
        except (OSError, ValueError, Image.DecompressionBombError, EvidenceError):
            return ""
        if written is not None:
            written.append(thumb)
    return str(thumb.relative_to(evidence_root()))


def absolute(storage_name: str) -> Path:
    root = evidence_root().resolve()
    path = (root / storage_name).resolve()
    if root not in path.parents:
        raise EvidenceError("Đường dẫn tệp không hợp lệ.")
    return path


def remove_stored(storage_name: str, thumbnail_name: str = "") -> None:
    for name in (storage_name, thumbnail_name):
        if name:
            absolute(name).unlink(missing_ok=True)
