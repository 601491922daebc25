"""Attachments judged by their content, not by their name or the browser's claim. Pure functions."""

from dataclasses import dataclass

from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.files import FileRefused, check_file, sniff_content_type

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 3
MAX_PIXELS = 40_000_000

_ACCEPTED = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


class AttachmentRefused(UserError):
    pass


@dataclass(frozen=True)
class JudgedFile:
    content_type: str
    extension: str


def judge_attachment(data: bytes, name: str = "") -> JudgedFile:
    """The file's real type (PDF or a JPEG/PNG/WebP image), or ``AttachmentRefused``."""
    label = f"Tệp “{name}”" if name else "Tệp"
    if not data:
        raise AttachmentRefused(f"{label} rỗng.")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(f"{label} lớn hơn {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB.")
    content_type = sniff_content_type(data[:64])
    if content_type not in _ACCEPTED:
        raise AttachmentRefused(f"{label} không phải ảnh (JPG, PNG, WebP) hoặc PDF.")
    try:  # the first bytes say "image" or "PDF"; the file must also open as one, and not be a pixel bomb
        check_file(data, content_type, name=name, max_pixels=MAX_PIXELS)
    except FileRefused as exc:
        raise AttachmentRefused(exc.message) from exc
    return JudgedFile(content_type, _ACCEPTED[content_type])
