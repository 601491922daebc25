"""lib.files.check_file: every class of bad evidence the review found is refused, each made here; sound
files of each type pass."""

import io
import zipfile

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tuyentruyen.lib.files import FileRefused, check_file, clean_file_name, sniff_content_type

from .sample_files import DOCX, XLSX, docx_bytes, image_bytes, pdf_bytes, png_header_only, rezip, xlsx_bytes


@pytest.mark.parametrize("make, content_type", [
    (pdf_bytes, "application/pdf"),
    (image_bytes, "image/jpeg"),
    (lambda: image_bytes("PNG"), "image/png"),
    (lambda: image_bytes("WEBP"), "image/webp"),
    (lambda: image_bytes("GIF"), "image/gif"),
    (docx_bytes, DOCX),
    (xlsx_bytes, XLSX),
])
def test_sound_files_pass(make, content_type, tmp_path):
    data = make()
    assert sniff_content_type(data[:64], io.BytesIO(data)) == content_type
    check_file(data, content_type, name="a")
    path = tmp_path / "f"
    path.write_bytes(data)
    check_file(path, content_type)  # from a path (a temporary upload) as well as from bytes


def refusal(data, content_type) -> str:
    with pytest.raises(FileRefused) as caught:
        check_file(data, content_type, name="minh-chung")
    assert "minh-chung" in caught.value.message
    return caught.value.message


def test_encrypted_pdf_is_refused_with_a_message():
    assert "mật khẩu" in refusal(pdf_bytes(password="secret"), "application/pdf")


def test_truncated_pdf_is_refused():
    data = pdf_bytes()
    assert "cắt cụt" in refusal(data[: len(data) // 2], "application/pdf")


def test_pdf_with_garbage_after_its_header_is_refused():
    assert "hỏng" in refusal(b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "application/pdf")


def test_pdf_carrying_javascript_is_refused():
    assert "JavaScript" in refusal(pdf_bytes(script="app.alert('x');"), "application/pdf")


def test_pdf_with_a_javascript_open_action_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert(1)")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    assert "JavaScript" in refusal(out.getvalue(), "application/pdf")


def test_truncated_jpeg_is_refused():
    data = image_bytes(size=(400, 300))
    assert "cắt cụt" in refusal(data[: len(data) * 2 // 3], "image/jpeg")


def test_gigapixel_png_is_refused_before_decoding():
    data = png_header_only(50_000, 50_000)  # 2.5 gigapixels declared in a few bytes
    assert "quá lớn" in refusal(data, "image/png")


def test_image_just_over_the_limit_is_refused():
    assert "50 triệu" in refusal(png_header_only(10_000, 5_001), "image/png")


def test_docx_with_broken_xml_is_refused():
    data = rezip(docx_bytes(), {"word/document.xml": b"<w:document><w:body><w:p>unclosed"})
    assert "hỏng" in refusal(data, DOCX)


def test_xlsx_without_its_workbook_part_is_refused():
    data = xlsx_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != "xl/workbook.xml":
                target.writestr(item, source.read(item))
    assert "hỏng" in refusal(out.getvalue(), XLSX)


def test_zip_bomb_docx_is_refused():
    data = rezip(docx_bytes(), {"word/media/bomb.bin": b"\0" * (20 * 1024 * 1024)})  # 20 MB of zeros → ~20 KB
    assert len(data) < 200_000
    assert "bom nén" in refusal(data, DOCX)


def test_docx_that_is_not_a_zip_after_its_header_is_refused():
    assert "hỏng" in refusal(b"PK\x03\x04" + b"\x00" * 500, DOCX)


@pytest.mark.parametrize("raw, clean", [
    ("bao-cao\u202egpj.exe", "bao-caogpj.exe"),  # right-to-left override
    ("ảnh\u200b hội nghị.jpg", "ảnh hội nghị.jpg"),  # zero-width space
    ("a\x00b\r\n.pdf", "ab.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\hop.docx", "hop.docx"),
    ("\u2066\u2069", "tep"),
    ("a\u0301nh.png", "ánh.png"),  # decomposed → NFC
])
def test_file_names_are_cleaned(raw, clean):
    assert clean_file_name(raw) == clean
