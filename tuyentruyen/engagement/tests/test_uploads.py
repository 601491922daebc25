import io

import pytest
from PIL import Image

from tuyentruyen.engagement.uploads import MAX_ATTACHMENT_BYTES, AttachmentRefused, judge_attachment


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt,content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_images_are_recognised_by_content(fmt, content_type):
    assert judge_attachment(image_bytes(fmt), "anh.pdf").content_type == content_type


def test_pdf_is_recognised():
    assert judge_attachment(b"%PDF-1.7\n...", "x.jpg").extension == "pdf"


@pytest.mark.parametrize("data", [
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"MZ\x90\x00 executable",
    b"<html><script>alert(1)</script></html>",
    image_bytes("GIF"),
    b"",
])
def test_anything_else_is_refused_whatever_its_name(data):
    with pytest.raises(AttachmentRefused):
        judge_attachment(data, "anh.png")


def test_size_cap():
    with pytest.raises(AttachmentRefused, match="lớn hơn"):
        judge_attachment(b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES, "to.pdf")
