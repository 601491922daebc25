"""The demo commune's quarterly report as the PDF a leader signs: a few pages, and no word printed across
a table's border (words from ``pdftotext -bbox-layout``, borders from the PDF's own drawing operators).
Needs LibreOffice and poppler-utils; skipped, saying so, when they are missing."""

import io
import re
import shutil
import subprocess
import tempfile
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Commune
from tuyentruyen.plans.export.pdf import converter_available
from tuyentruyen.reports import export, services
from tuyentruyen.reports.periods import Period
from tuyentruyen.web.demo import DEMO_COMMUNE_CODE, load_demo

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not converter_available(), reason="LibreOffice (soffice) is not installed: no PDF to measure"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"),
]
PAGE_LIMIT = 5
WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
TOLERANCE = 0.8  # points: a glyph's box may touch a border, not cross it


def words_by_page(pdf: bytes) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "bao-cao.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return [(float(height), [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD_RE.findall(body)])
            for _, height, body in PAGE_RE.findall(html)]


def border_segments(page) -> list[tuple[float, float, float, float]]:
    """Straight lines the page draws (LibreOffice draws table borders as ``m … l … S``), in PDF points
    with y from the bottom."""
    segments, point = [], None
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"m":
            point = tuple(float(v) for v in operands)
        elif operator == b"l" and point is not None:
            end = tuple(float(v) for v in operands)
            segments.append((point[0], point[1], end[0], end[1]))
            point = end
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            if min(abs(w), abs(h)) < 1.5 and max(abs(w), abs(h)) > 5:  # a rule drawn as a thin box
                segments.append((x, y, x + w, y) if abs(h) < 1.5 else (x, y, x, y + h))
    return segments


def words_outside_cells(pdf: bytes) -> tuple[list[str], int]:
    """Words printed in a table's band (between its vertical borders' top and bottom) that do not lie
    between two neighbouring vertical borders, i.e. inside one cell; and how many borders were found."""
    found, borders = [], 0
    for page, (height, words) in zip(PdfReader(io.BytesIO(pdf)).pages, words_by_page(pdf), strict=True):
        verticals = [(x1, height - max(y1, y2), height - min(y1, y2))
                     for x1, y1, x2, y2 in border_segments(page) if abs(x1 - x2) < 0.5 and abs(y1 - y2) > 3]
        borders += len(verticals)
        for wx0, wy0, wx1, wy1, text in words:
            middle = (wy0 + wy1) / 2
            xs = sorted({round(x, 1) for x, top, bottom in verticals if top <= middle <= bottom})
            if len(xs) < 2:
                continue  # not in a table
            if not any(a - TOLERANCE <= wx0 and wx1 <= b + TOLERANCE for a, b in pairwise(xs)):
                found.append(text)
    return found, borders


def demo_report_pdf(code: str, today: date) -> bytes:
    load_demo()
    commune = Commune.objects.get(pk=DEMO_COMMUNE_CODE)
    with commune_scope(commune):
        report = services.get_or_create_report(commune, Period.parse(code))
        data = services.document_data(report, services.figures_of(report, today))
    return export.render_report(data, "pdf", "bao-cao").content


def test_the_demo_quarters_report_fits_a_few_pages_and_keeps_words_in_their_cells():
    for code, today in (("2026-q1", date(2026, 4, 5)), ("2026-q3", date(2026, 10, 5))):
        pdf = demo_report_pdf(code, today)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        assert pages <= PAGE_LIMIT, f"{code}: {pages} pages"
        text = "".join(word for _, words in words_by_page(pdf) for *_, word in words)
        roman = {"2026-q1": "I", "2026-q3": "III"}[code]
        assert f"quý{roman}năm2026" in text and "Quýi" not in text  # never “Quý iii”
        assert "PHỤLỤC" in text  # the long tables went to the annex
        spilled, borders = words_outside_cells(pdf)
        assert borders > 20, "no table borders found in the PDF: the check below would prove nothing"
        assert spilled == [], f"{code}: words across a table border: {spilled[:10]}"


def test_the_check_sees_a_word_spilling_out_of_its_cell():
    """The check above can fail: text pushed past its cell's right border is caught."""
    from docx import Document
    from docx.shared import Mm

    from tuyentruyen.plans.export.docx import data_table, render_plan_docx
    from tuyentruyen.plans.export.pdf import convert_docx_to_pdf

    document = Document(io.BytesIO(render_plan_docx({"doc_type": "BÁO CÁO", "title": "Thử", "sections": []})))
    table = data_table(document, ["TT", "Nội dung"], [["1", "Tuyên truyền cải cách hành chính ở thôn"]],
                       widths=[Mm(10), Mm(60)])
    table.rows[1].cells[1].paragraphs[0].paragraph_format.right_indent = Mm(-40)  # runs past the border
    buffer = io.BytesIO()
    document.save(buffer)
    spilled, borders = words_outside_cells(convert_docx_to_pdf(buffer.getvalue()))
    assert borders >= 3
    assert spilled, "text past its cell's border was not seen"
