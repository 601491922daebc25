from io import BytesIO

from PIL import Image


def jpeg_bytes(width=2000, height=1200, color=(30, 120, 200)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()
