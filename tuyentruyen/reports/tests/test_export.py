import io
from datetime import date

import openpyxl
import pytest
from docx import Document

from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports import services
from tuyentruyen.reports.periods import Period

from . import factories as f

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_unit_report_docx_is_an_official_bao_cao(staff_a, commune_a):
    with commune_scope(commune_a):
        media = unit_of(commune_a, "media_center")
        f.issued_plan(commune_a)
        f.activity(commune_a, "banner", date(2026, 1, 10), unit=media, quantity=12, evidence_url="https://x.vn/a")
        report = services.get_or_create_report(commune_a, Period(2026, "q1"), media)
    response = client_for(staff_a).get(f"/bao-cao/{report.pk}/tai-ve.docx")
    assert response.status_code == 200
    text = _text(response.content)
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kết quả công tác tuyên truyền cải cách hành chính quý I năm 2026" in text
    assert "Thực hiện Kế hoạch số 15/KH-UBND ngày 05/01/2026" in text
    assert "Băng rôn, khẩu hiệu, pa nô, áp phích" in text and "12 chiếc" in text
    assert "⟦" not in text  # every table mark was replaced
    from docx import Document
    from docx.oxml.ns import qn

    def repeats_header(table):
        return table.rows[0]._tr.trPr is not None and table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    # letterhead and signature are layout tables; every table of figures repeats its header row
    figure_tables = [t for t in Document(io.BytesIO(response.content)).tables if "Nơi nhận" not in t.rows[0].cells[0].text
                     and "CỘNG HÒA" not in "".join(c.text for c in t.rows[0].cells)]
    assert len(figure_tables) >= 3 and all(repeats_header(t) for t in figure_tables)


@pytest.mark.parametrize("number, symbol, expected", [
    ("15", None, "số 15/KH-UBND ngày"),          # a bare number gets the usual symbol
    ("15", "KH-BCĐ", "số 15/KH-BCĐ ngày"),        # or the one the document names
    ("16/KH-UBND", None, "số 16/KH-UBND ngày"),   # what issuing stores: the symbol is not added twice
    ("", None, "Thực hiện Kế hoạch ngày"),        # no number: none is made up
])
def test_the_report_names_the_plan_by_its_number_once(commune_a, number, symbol, expected):
    with commune_scope(commune_a):
        plan, _ = f.issued_plan(commune_a)
        revision = plan.revisions.get()
        revision.document = {"number": number, "date": "2026-01-05", **({"symbol": symbol} if symbol else {})}
        revision.save()
        opening = services._plan_reference(commune_a, Period(2026, "q1"))
    assert expected in opening and "/KH-UBND/" not in opening


def test_empty_period_docx_says_there_was_nothing(officer_a, commune_a):
    with commune_scope(commune_a):
        report = services.get_or_create_report(commune_a, Period(2026, "q2"))
    text = _text(client_for(officer_a).get(f"/bao-cao/{report.pk}/tai-ve.docx").content)
    assert "BÁO CÁO" in text and "chưa ghi nhận hoạt động tuyên truyền cải cách hành chính nào" in text


def test_tables_export_to_xlsx(officer_a, commune_a):
    with commune_scope(commune_a):
        f.activity(commune_a, "radio", date(2026, 2, 1), unit=unit_of(commune_a, "media_center"), quantity=30)
        report = services.get_or_create_report(commune_a, Period(2026, "q1"))
    response = client_for(officer_a).get(f"/bao-cao/{report.pk}/tai-ve.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Theo hình thức"]
    assert [c.value for c in sheet[3]][:4] == [1, "Phát thanh trên đài truyền thanh", 1, 30]
    assert "So sánh kỳ trước" in workbook.sheetnames


def test_unknown_format_is_a_404(officer_a, commune_a):
    with commune_scope(commune_a):
        report = services.get_or_create_report(commune_a, Period(2026, "q1"))
    assert client_for(officer_a).get(f"/bao-cao/{report.pk}/tai-ve.exe").status_code == 404
