"""lib.files.check_file: every class of bad evidence the review found is refused, each made here; sound
files of each type pass."""

import io
import struct
import zipfile
import zlib

import pytest
from docx import Document
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from tuyentruyen.lib.files import FileRefused, check_file, clean_file_name, sniff_content_type

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_bytes(*, password=None, script=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if script:  # document-level script, in the catalogue's /Names /JavaScript tree
        action = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                      NameObject("/JS"): TextStringObject(script)}))
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), action])})
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt="JPEG", size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Báo cáo hội nghị tuyên truyền CCHC")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active["A1"] = "Danh sách"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same OOXML package with some parts replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.pop(item.filename, source.read(item.filename)))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height pixels, with one tiny data chunk."""
    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


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
