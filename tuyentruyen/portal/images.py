"""Pictures of articles, judged by their content and re-encoded with Pillow (no Django).

An upload is accepted only if Pillow reads it fully as JPEG, PNG, WebP or GIF, within a byte and a
pixel cap (decompression bombs). It is never stored as sent: it is turned upright (EXIF orientation),
flattened to RGB and written again as 1200-px and 480-px wide JPEG and WebP renditions, which also drops
any metadata (GPS position of a phone photo) and any payload hidden after the image data.
"""

from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
LARGE, SMALL = 1200, 480


class PictureRejected(ValueError):
    """The message is shown to the user as it is (Vietnamese)."""


@dataclass
class Rendition:
    width: int
    height: int
    jpeg: bytes
    webp: bytes


def _encode(image: Image.Image, width: int) -> Rendition:
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    jpeg, webp = BytesIO(), BytesIO()
    image.save(jpeg, "JPEG", quality=80, optimize=True, progressive=True)
    image.save(webp, "WEBP", quality=75, method=4)
    return Rendition(image.width, image.height, jpeg.getvalue(), webp.getvalue())


def make_renditions(data: bytes) -> tuple[Rendition, Rendition]:
    """(large, small) renditions of an uploaded picture, or PictureRejected."""
    if not data:
        raise PictureRejected("Tệp ảnh rỗng.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise PictureRejected(f"Ảnh quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PictureRejected("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.")
            if probe.width * probe.height > MAX_PIXELS:
                raise PictureRejected("Ảnh có kích thước điểm ảnh quá lớn.")
            probe.verify()  # structure check; the image must be opened again to be used
        with Image.open(BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            elif image.mode != "RGB":
                image = image.convert("RGB")
    except PictureRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PictureRejected("Tệp này không phải là ảnh hợp lệ.") from exc
    return _encode(image, LARGE), _encode(image, SMALL)
