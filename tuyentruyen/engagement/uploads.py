"""Attachments judged by their content, not by their name or the browser's claim. Pure functions."""

import io
from dataclasses import dataclass

from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.files import sniff_content_type

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
    if content_type != "application/pdf":
        # the first bytes say "image"; Pillow checks the rest really is one, and not a pixel bomb
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise AttachmentRefused(f"{label} không phải ảnh (JPG, PNG, WebP) hoặc PDF.") from exc
        if width * height > MAX_PIXELS:
            raise AttachmentRefused(f"{label} có kích thước ảnh quá lớn.")
    return JudgedFile(content_type, _ACCEPTED[content_type])
