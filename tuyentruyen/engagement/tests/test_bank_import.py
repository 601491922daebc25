"""Questions imported in bulk from the bank template: row-level Vietnamese refusals, all or nothing,
through the same service that adds one question."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from tuyentruyen.conftest import client_for
from tuyentruyen.engagement import bank_xlsx, services
from tuyentruyen.engagement.models import ContestQuestion
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.lib.xlsx import append_row, workbook_bytes


def sheet(*rows, header=bank_xlsx.HEADER) -> bytes:
    wb = Workbook()
    append_row(wb.active, header)
    for row in rows:
        append_row(wb.active, row)
    return workbook_bytes(wb)


def row(text="Câu hỏi?", a="Một", b="Hai", c="", correct="A", topics="", active=""):
    return [text, a, b, c, "", "", "", correct, topics, active]


@pytest.mark.parametrize(("name", "cells", "errors", "correct"), [
    ("one right letter", row(correct="B"), [], [1]),
    ("several, lower case", row(c="Ba", correct="a, c"), [], [0, 2]),
    ("numbers instead of letters", row(correct="2"), [], [1]),
    ("no question", row(text=""), ["cột “Câu hỏi” còn trống"], [0]),
    ("one choice only", row(b=""), ["cần ít nhất hai phương án (Phương án A và B)"], None),
    ("answer names an empty choice", row(correct="C"), ["cột “Đáp án đúng”: phương án C còn trống"], None),
    ("no answer", row(correct=""), ["cột “Đáp án đúng” còn trống; hãy ghi chữ cái của phương án đúng, ví dụ B"],
     None),
    ("answer is not a letter", row(correct="đúng"),
     ["cột “Đáp án đúng”: “đúng” không phải chữ cái phương án (A … F)"], None),
    ("a gap in the choices", ["Câu?", "Một", "", "Ba", "", "", "", "A", "", ""],
     ["các phương án phải điền liền nhau từ A; đang bỏ trống phương án B"], None),
    ("bad active", row(active="có lẽ"), ["cột “Đang dùng” chỉ nhận Có hoặc Không"], [0]),
    ("inactive", row(active="Không"), [], [0]),
])
def test_reading_a_row(name, cells, errors, correct):
    rows, refusal = bank_xlsx.read_bank_rows(sheet(cells))
    assert refusal is None
    assert rows[0].errors == errors and rows[0].row == 2
    if correct is not None:
        assert rows[0].correct == correct


def test_the_template_reads_back_as_its_examples():
    data = bank_xlsx.template_bytes()
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[1]] == bank_xlsx.HEADER
    rows, refusal = bank_xlsx.read_bank_rows(data)
    assert refusal is None and [r.errors for r in rows] == [[], []]
    assert rows[1].correct == [0, 1] and rows[0].topics == ["Một cửa"]


@pytest.mark.parametrize(("data", "refusal"), [
    (b"not a workbook", bank_xlsx.REFUSED_UNREADABLE),
    (sheet(row(), header=["Tên", "Điểm"]), bank_xlsx.REFUSED_HEADER),
    (sheet(), "Tệp chưa có câu hỏi nào dưới dòng tiêu đề."),
])
def test_files_refused_whole(data, refusal):
    assert bank_xlsx.read_bank_rows(data) == ([], refusal)


@pytest.mark.django_db
def test_import_is_all_or_nothing_and_names_rows(commune_a):
    data = sheet(row(text="Câu một?"), row(text="Câu hai?", correct="C"), row(text="Câu một?"))
    with commune_scope(commune_a):
        with pytest.raises(services.BankImportRefused) as refused:
            services.import_bank_questions(commune_a, data)
        assert ContestQuestion.objects.count() == 0
    assert refused.value.errors == ["Dòng 3: cột “Đáp án đúng”: phương án C còn trống.",
                                    "Dòng 4: trùng câu hỏi ở dòng 2."]


@pytest.mark.django_db
def test_import_adds_through_the_one_question_service_and_twice_adds_nothing(commune_a):
    data = sheet(row(text="Câu một?", topics="CCHC, Một cửa"), row(text="Câu hai?", c="Ba", correct="B, C"))
    with commune_scope(commune_a):
        added = services.import_bank_questions(commune_a, data)
        assert [(q.text, q.correct, q.multiple, q.topics) for q in added] == [
            ("Câu một?", [0], False, ["CCHC", "Một cửa"]), ("Câu hai?", [1, 2], True, [])]
        with pytest.raises(services.BankImportRefused) as refused:
            services.import_bank_questions(commune_a, data)
        assert ContestQuestion.objects.count() == 2
    assert refused.value.errors[0] == "Dòng 2: câu hỏi này đã có trong ngân hàng."


@pytest.mark.django_db
def test_import_page(commune_a, commune_b, officer_a, staff_a):
    client = client_for(officer_a)
    template = client.get("/cuoc-thi/ngan-hang-cau-hoi/mau.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    upload = SimpleUploadedFile("cau-hoi.xlsx", sheet(row(text="Câu ba?", c="")))
    response = client.post("/cuoc-thi/ngan-hang-cau-hoi/nhap-xlsx/", {"tep": upload})
    assert response.status_code == 302
    bad = SimpleUploadedFile("cau-hoi.xlsx", sheet(row(text="Câu bốn?", correct="Z")))
    response = client.post("/cuoc-thi/ngan-hang-cau-hoi/nhap-xlsx/", {"tep": bad})
    assert response.status_code == 400
    assert "Dòng 2: cột “Đáp án đúng”: “Z” không phải chữ cái phương án" in response.content.decode()
    pdf = SimpleUploadedFile("cau-hoi.xlsx", b"%PDF-1.4 not a sheet")
    response = client.post("/cuoc-thi/ngan-hang-cau-hoi/nhap-xlsx/", {"tep": pdf})
    assert response.status_code == 400 and "không phải tệp Excel" in response.content.decode()
    refused = client_for(staff_a).post("/cuoc-thi/ngan-hang-cau-hoi/nhap-xlsx/",
                                       {"tep": SimpleUploadedFile("x.xlsx", sheet(row(text="Câu năm?")))})
    assert refused.status_code == 403
    with commune_scope(commune_a):
        assert list(ContestQuestion.objects.values_list("text", flat=True)) == ["Câu ba?"]
    with commune_scope(commune_b):
        assert not ContestQuestion.objects.exists()
