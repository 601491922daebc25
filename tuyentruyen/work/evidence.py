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

from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.files import sniff_content_type

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


def store_upload(commune_id: int, uploaded, *, max_mb: int, quota_left_bytes: int) -> dict:
    """Check and store one uploaded file. Returns the fields of an ``Evidence`` row.
    Raises ``EvidenceError`` (nothing written) for a forbidden type, a file too large, a full quota."""
    name = Path(uploaded.name or "tep").name[:255]
    if uploaded.size > max_mb * 1024 * 1024:
        raise EvidenceError(f"Tệp “{name}” nặng {uploaded.size / 1048576:.1f} MB, vượt giới hạn {max_mb} MB mỗi tệp.")
    sha256, size, head = _hash_upload(uploaded)
    if size == 0:
        raise EvidenceError(f"Tệp “{name}” rỗng.")
    if size > quota_left_bytes:
        raise EvidenceError(
            f"Không đủ dung lượng lưu minh chứng của xã để nhận tệp “{name}” ({size / 1048576:.1f} MB). "
            "Hãy xóa bớt minh chứng cũ hoặc đề nghị quản trị tăng hạn mức.")
    temp_path = getattr(uploaded, "temporary_file_path", None)
    path_for_zip = Path(temp_path()) if temp_path else None
    if path_for_zip is None and head.startswith(b"PK\x03\x04"):
        path_for_zip = io.BytesIO(uploaded.read())  # zipfile reads file-likes as well as paths
        uploaded.seek(0)
    content_type = sniff_content_type(head, path_for_zip)
    if content_type not in ALLOWED_TYPES:
        raise EvidenceError(
            f"Tệp “{name}” không phải loại được nhận làm minh chứng. Chỉ nhận: {ALLOWED_DESCRIPTION}.")
    ext = ALLOWED_TYPES[content_type][0]
    relative = Path(str(commune_id)) / sha256[:2] / f"{sha256}.{ext}"
    target = evidence_root() / relative
    if not target.exists():  # content-addressed: an existing file is the same bytes, never rewritten
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        with open(partial, "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        partial.replace(target)
    thumbnail = make_thumbnail(target) if content_type.startswith("image/") else ""
    return {"sha256": sha256, "size": size, "content_type": content_type, "original_name": name,
            "storage_name": str(relative), "thumbnail_name": thumbnail}


def make_thumbnail(path: Path) -> str:
    """A JPEG thumbnail beside the file (``<sha>.thumb.jpg``); "" when the image cannot be read."""
    thumb = path.with_name(path.name.split(".")[0] + ".thumb.jpg")
    if not thumb.exists():
        try:
            with Image.open(path) as image:
                image = ImageOps.exif_transpose(image)
                image.thumbnail(THUMBNAIL_SIZE)
                image.convert("RGB").save(thumb, "JPEG", quality=80)
        except (OSError, ValueError, Image.DecompressionBombError):
            return ""
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
