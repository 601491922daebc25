"""PDF export through LibreOffice, and what happens when LibreOffice is missing."""

import io
import json
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from tuyentruyen.plans.export import pdf
from tuyentruyen.plans.export.docx import render_plan_docx
from tuyentruyen.plans.export.pdf import ConversionFailed, ConverterMissing, convert_docx_to_pdf

DEMO_PLAN = Path(__file__).resolve().parents[1] / "demo" / "demo_plan.json"

needs_libreoffice = pytest.mark.skipif(
    not pdf.converter_available(),
    reason="LibreOffice (soffice/libreoffice) is not installed on this machine, so DOCX cannot be converted to PDF",
)


def docx_text(docx_bytes: bytes) -> str:
    document = Document(io.BytesIO(docx_bytes))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def demo_docx() -> bytes:
    return render_plan_docx(json.loads(DEMO_PLAN.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def demo_pdf(demo_docx) -> bytes:
    if not pdf.converter_available():
        pytest.skip("LibreOffice (soffice/libreoffice) is not installed on this machine")
    return convert_docx_to_pdf(demo_docx)


@needs_libreoffice
def test_it_converts_the_demo_plan_to_pdf(demo_pdf):
    pypdf = pytest.importorskip("pypdf")
    assert demo_pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(demo_pdf))
    first, last = reader.pages[0], reader.pages[-1]
    assert float(first.mediabox.width) < float(first.mediabox.height), "the plan is portrait"
    assert float(last.mediabox.width) > float(last.mediabox.height), "the annex is landscape"
    assert round(float(first.mediabox.width) / 72 * 25.4) == 210


@needs_libreoffice
def test_the_pdf_keeps_vietnamese_text_intact(demo_pdf, demo_docx):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(demo_pdf))
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    for expected in (
        "KẾ HOẠCH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận",
    ):
        assert expected in text
    for letter in "ươạ":
        assert letter in text
    # Every accented letter the document uses must come back out of the PDF.
    source = unicodedata.normalize("NFC", docx_text(demo_docx)).lower()
    missing = {ch for ch in source if ch.isalpha() and not ch.isascii()} - set(text.lower())
    assert not missing, f"letters lost in the PDF: {sorted(missing)}"
    assert "Đông Hòa, ngày 08 tháng 01 năm 2026" in text


@needs_libreoffice
def test_the_pdf_embeds_a_times_compatible_serif(demo_pdf):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(demo_pdf))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # Times New Roman itself, or Liberation Serif, which shares its metrics.
    assert any("Times" in name or "LiberationSerif" in name for name in fonts), fonts


@needs_libreoffice
def test_a_stuck_conversion_is_stopped_at_the_timeout(demo_docx):
    with pytest.raises(ConversionFailed) as caught:
        convert_docx_to_pdf(demo_docx, timeout=0)
    assert "LibreOffice" in str(caught.value)


def test_it_says_in_vietnamese_that_libreoffice_is_missing(monkeypatch, demo_docx):
    monkeypatch.setattr(pdf, "find_converter", lambda: None)
    assert not pdf.converter_available()
    with pytest.raises(ConverterMissing) as caught:
        convert_docx_to_pdf(demo_docx)
    assert str(caught.value) == "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản DOCX."


def test_a_configured_binary_that_does_not_exist_counts_as_missing(monkeypatch, tmp_path):
    monkeypatch.setenv(pdf.BINARY_ENV, str(tmp_path / "soffice"))
    assert pdf.find_converter() is None
    assert not pdf.converter_available()
