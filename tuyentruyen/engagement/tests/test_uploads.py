import io

import pytest
from PIL import Image

from tuyentruyen.engagement.uploads import MAX_ATTACHMENT_BYTES, AttachmentRefused, judge_attachment
from tuyentruyen.tests.sample_files import pdf_bytes, png_header_only


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt,content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_images_are_recognised_by_content(fmt, content_type):
    assert judge_attachment(image_bytes(fmt), "anh.pdf").content_type == content_type


def test_pdf_is_recognised():
    assert judge_attachment(pdf_bytes(), "x.jpg").extension == "pdf"


@pytest.mark.parametrize("data, message", [
    (pdf_bytes(password="x"), "mật khẩu"),
    (pdf_bytes(script="app.alert(1)"), "JavaScript"),
    (pdf_bytes()[:300], "cắt cụt"),
    (png_header_only(50_000, 50_000), "quá lớn"),
    (image_bytes("JPEG")[:200], "cắt cụt"),
])
def test_attachments_that_do_not_open_are_refused_with_a_message(data, message):
    with pytest.raises(AttachmentRefused, match=message):
        judge_attachment(data, "anh.png")


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
