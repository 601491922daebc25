"""lib/xlsx.py (the one XLSX writer) and lib/documents.py (the one download shape), table-driven."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from tuyentruyen.lib.documents import Document, document_response, safe_filename
from tuyentruyen.lib.xlsx import append_row, looks_like_formula, workbook_bytes


@pytest.mark.parametrize(("value", "formula_like"), [
    ("=1+1", True), ("+84912345678", True), ("-x", True), ("@SUM(A1)", True), ("\t=1", True), ("\r=1", True),
    ("Băng rôn", False), (" =1", False), ("", False), (-5, False), (3.5, False), (None, False),
])
def test_what_looks_like_a_formula(value, formula_like):
    assert looks_like_formula(value) is formula_like


@pytest.mark.parametrize(("value", "data_type", "quoted"), [
    ('=HYPERLINK("http://x","a")', "s", True),
    ("+1", "s", True),
    ("-1", "s", True),
    ("@x", "s", True),
    ("\tx", "s", True),
    ("Phát thanh", "s", False),
    (-5, "n", False),  # numbers stay numbers, negative ones included
    (2.5, "n", False),
])
def test_cells_round_trip_as_written(value, data_type, quoted):
    wb = Workbook()
    append_row(wb.active, ["Tiêu đề"])
    append_row(wb.active, [value])
    cell = load_workbook(io.BytesIO(workbook_bytes(wb))).active["A2"]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (value, data_type, quoted)


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    wb = Workbook()
    append_row(wb.active, ["a\x01b\x0bc"])
    assert load_workbook(io.BytesIO(workbook_bytes(wb))).active["A1"].value == "abc"


def test_append_row_starts_on_the_first_row_of_an_empty_sheet():
    wb = Workbook()
    assert append_row(wb.active, ["x"]) == 1 and append_row(wb.active, ["y"]) == 2


@pytest.mark.parametrize(("name", "safe"), [
    ("bao-cao.xlsx", "bao-cao.xlsx"),
    ('a"; filename=evil.exe', "a- filename=evil.exe"),  # no quote or semicolon left to end the header
    ("../../etc/passwd", "etc-passwd"),
    ("dòng\r\nmới.docx", "dòng-mới.docx"),
    ("", "tai-lieu"),
])
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def test_document_response_names_the_file_safely():
    response = document_response(Document("báo cáo \"quý\".xlsx", "application/octet-stream", b"PK"))
    assert response.content == b"PK" and response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''b%C3%A1o%20c%C3%A1o%20-qu%C3%BD-.xlsx"
    assert response["X-Content-Type-Options"] == "nosniff"
    inline = document_response(Document("ma-qr.svg", "image/svg+xml", b"<svg/>"), inline=True)
    assert inline["Content-Disposition"] == 'inline; filename="ma-qr.svg"'
