"""Files made for tests: sound ones of each evidence type, and the bad ones the review found
(encrypted, truncated, scripted PDFs; broken or bomb OOXML packages; gigapixel images)."""

import io
import struct
import zipfile
import zlib

from docx import Document
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

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
