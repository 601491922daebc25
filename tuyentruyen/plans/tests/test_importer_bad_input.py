"""Bad input is refused with a specific Vietnamese message."""

import io
import unicodedata
import zipfile

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfWriter

from tuyentruyen.plans.importer import MAX_IMPORT_BYTES, PlanImportError, parse_plan_file


def docx_bytes(text="KẾ HOẠCH") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def replace_part(data: bytes, name: str, content: bytes, compression=zipfile.ZIP_DEFLATED) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


def refused(data: bytes, code: str) -> str:
    with pytest.raises(PlanImportError) as exc:
        parse_plan_file(data, "ke-hoach.docx")
    assert exc.value.code == code
    assert exc.value.message == str(exc.value)
    return exc.value.message


def test_it_refuses_a_scanned_pdf():
    image = Image.new("RGB", (600, 800), "white")
    out = io.BytesIO()
    image.save(out, "PDF")
    assert refused(out.getvalue(), "scanned").startswith("Tệp PDF không có lớp chữ (có thể là bản quét)")


def test_it_refuses_an_encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="mat-khau")
    out = io.BytesIO()
    writer.write(out)
    assert "mật khẩu" in refused(out.getvalue(), "encrypted")


def test_it_refuses_a_corrupt_pdf():
    assert "PDF bị hỏng" in refused(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF garbage", "corrupt")


def test_it_refuses_a_corrupt_docx():
    data = docx_bytes()
    assert "bị hỏng" in refused(data[: len(data) // 2], "corrupt")


def test_it_refuses_an_empty_file():
    assert refused(b"", "empty").startswith("Tệp rỗng")
    assert refused(b"  \n\n ", "empty").startswith("Tệp rỗng")


def test_it_refuses_a_file_over_the_limit_before_reading_it():
    message = refused(b"%PDF-" + b"0" * MAX_IMPORT_BYTES, "too_large")
    assert "quá lớn" in message and "20 MB" in message


def test_it_refuses_a_png_named_docx():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "PNG")
    assert "ảnh PNG" in refused(out.getvalue(), "unsupported")


def test_it_refuses_an_xlsx_named_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in refused(out.getvalue(), "unsupported")


def test_it_refuses_binary_noise():
    assert "không được hỗ trợ" in refused(bytes(range(256)) * 20, "unsupported")


def test_it_refuses_a_zip_bomb():
    huge = b"<w:document>" + b" " * (60 * 1024 * 1024) + b"</w:document>"
    data = replace_part(docx_bytes(), "word/document.xml", huge)
    assert len(data) < MAX_IMPORT_BYTES
    assert "bom nén" in refused(data, "zip_bomb")


def test_it_refuses_a_docx_with_an_external_entity():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = replace_part(docx_bytes(), "word/document.xml", xxe)
    assert "DOCTYPE" in refused(data, "xxe")


def test_a_good_docx_named_png_is_read_by_content():
    plan = parse_plan_file(docx_bytes("KẾ HOẠCH"), "anh.png")
    assert plan["doc_type"] == "KẾ HOẠCH"


def cp1258(text: str) -> bytes:
    """Windows Vietnamese: letters such as Â, Ê, Ơ are precomposed, tone marks are combining characters."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[:2]) if len(parts) > 2 else parts[0]
            rest = parts[2:] if len(parts) > 2 else parts[1:]
            out += (base + rest).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258", "utf-8-sig"])
def test_text_encodings_are_decoded(encoding):
    text = "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2026\n"
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    plan = parse_plan_file(data, "plan.txt")
    assert plan["title"] == "Tuyên truyền cải cách hành chính năm 2026"
