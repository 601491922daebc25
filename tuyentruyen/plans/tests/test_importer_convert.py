""".doc, .odt and .rtf plans read through LibreOffice (converted to DOCX first), and its failures in Vietnamese."""

import io
import zipfile

import pytest
from docx import Document

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.export import pdf
from tuyentruyen.plans.importer import PlanImportError, parse_plan_file, to_docx
from tuyentruyen.plans.importer.convert import OLE_MAGIC, convertible_kind
from tuyentruyen.plans.models import Plan

needs_libreoffice = pytest.mark.skipif(
    not pdf.converter_available(),
    reason="LibreOffice (soffice/libreoffice) is not installed on this machine: .doc/.odt cannot be converted",
)

PLAN_LINES = [
    "ỦY BAN NHÂN DÂN XÃ AN HÒA", "Số: 12/KH-UBND", "An Hòa, ngày 05 tháng 7 năm 2026", "KẾ HOẠCH",
    "Tuyên truyền cải cách hành chính năm 2026",
    "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;",
    "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "- Nâng cao nhận thức của cán bộ.",
    "II. NỘI DUNG, HÌNH THỨC", "1. Nội dung tuyên truyền", "- Kết quả cải cách thủ tục hành chính.",
    "2. Hình thức tuyên truyền", "- Trên hệ thống truyền thanh xã.",
    "III. TỔ CHỨC THỰC HIỆN", "1. Văn phòng HĐND và UBND xã", "- Chủ trì tham mưu triển khai kế hoạch.",
    "Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An",
]


def plan_docx() -> bytes:
    doc = Document()
    for line in PLAN_LINES:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def odt_like(mime: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mime)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


KINDS = [
    ("Word 97-2003", OLE_MAGIC + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "doc"),
    ("Excel 97-2003", OLE_MAGIC + b"\x00" * 100 + "Workbook".encode("utf-16-le"), None),
    ("RTF", b"{\\rtf1\\ansi Ke hoach}", "rtf"),
    ("ODT", odt_like("application/vnd.oasis.opendocument.text"), "odt"),
    ("ODS", odt_like("application/vnd.oasis.opendocument.spreadsheet"), None),
    ("DOCX", plan_docx(), None),
    ("PDF", b"%PDF-1.4\n...", None),
    ("text", "KẾ HOẠCH".encode(), None),
    ("empty", b"", None),
]


@pytest.mark.parametrize(("case", "data", "kind"), KINDS, ids=[k[0] for k in KINDS])
def test_the_kind_is_judged_by_content(case, data, kind):
    assert convertible_kind(data) == kind


def test_files_that_need_no_conversion_pass_unchanged():
    data = plan_docx()
    assert to_docx(data) is data


def test_an_old_excel_file_is_still_refused_in_vietnamese():
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(OLE_MAGIC + b"\x00" * 100 + "Workbook".encode("utf-16-le"))
    assert err.value.code == "unsupported" and ".xls" in err.value.message


def test_without_libreoffice_a_doc_gets_a_vietnamese_message(monkeypatch):
    monkeypatch.setattr(pdf, "find_converter", lambda: None)
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(OLE_MAGIC + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "ke-hoach.doc")
    assert err.value.code == "converter_missing"
    assert "chưa cài LibreOffice" in err.value.message and ".docx" in err.value.message


@pytest.fixture(scope="module")
def converted() -> dict[str, bytes]:
    if not pdf.converter_available():
        pytest.skip("LibreOffice (soffice/libreoffice) is not installed on this machine: .doc/.odt cannot be made")
    source = plan_docx()
    return {
        "doc": pdf.run_soffice(source, "ke-hoach.docx", "doc:MS Word 97", "ke-hoach.doc"),
        "odt": pdf.run_soffice(source, "ke-hoach.docx", "odt", "ke-hoach.odt"),
    }


@needs_libreoffice
@pytest.mark.parametrize("kind", ["doc", "odt"])
def test_doc_and_odt_plans_are_read_like_the_docx(converted, kind):
    data = converted[kind]
    assert convertible_kind(data) == kind
    plan = parse_plan_file(data, "ten-tuy-y.bin")  # the name is not trusted
    direct = parse_plan_file(plan_docx())
    for field in ("issuer", "number", "symbol", "date", "title", "legal_bases", "purposes", "topics", "channels",
                  "responsibilities", "recipients", "signer"):
        assert plan[field] == direct[field], field
    assert plan["legal_bases"][0]["number"] == "749/QĐ-TTg"


@needs_libreoffice
def test_a_corrupt_doc_gets_a_vietnamese_message():
    data = OLE_MAGIC + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\xff" * 4000
    with pytest.raises(PlanImportError) as err:
        parse_plan_file(data, "hong.doc")
    assert err.value.code == "convert_failed"
    assert "LibreOffice không chuyển được tệp Word 97–2003 (.doc)" in err.value.message


@needs_libreoffice
def test_a_conversion_past_its_timeout_is_stopped_with_a_vietnamese_message(converted):
    with pytest.raises(PlanImportError) as err:
        to_docx(converted["doc"], timeout=0)
    assert err.value.code == "convert_timeout" and "Quá 0 giây" in err.value.message


@needs_libreoffice
@pytest.mark.django_db
def test_a_doc_uploaded_through_the_page_reaches_the_review(converted, officer_a, commune_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(officer_a)
    response = client.post("/ke-hoach/nhap/", {"file": SimpleUploadedFile("ke-hoach.doc", converted["doc"])})
    assert response.status_code == 302 and response["Location"] == "/ke-hoach/nhap/xem-lai/"
    review = client.get("/ke-hoach/nhap/xem-lai/").content.decode()
    assert "Quyết định số 749/QĐ-TTg" in review and "Văn phòng HĐND và UBND xã" in review
    with commune_scope(commune_a):
        assert not Plan.objects.exists()
