"""Pure plan logic: unit matching, derivation, comparison, part editing."""

import json
from datetime import date
from pathlib import Path

import pytest

from tuyentruyen.plans import editing
from tuyentruyen.plans.compare import compare_documents
from tuyentruyen.plans.derive import derive_next_period, next_period, period_label, shift_text
from tuyentruyen.plans.document import empty_document, validation_errors
from tuyentruyen.plans.unit_matching import match_unit

DEMO = json.loads((Path(__file__).parents[1] / "demo" / "demo_plan.json").read_text(encoding="utf-8"))

UNITS = [
    (1, "Văn phòng HĐND và UBND", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Văn phòng HĐND - UBND"]),
    (2, "Phòng Văn hóa - Xã hội", ["Phòng VH-XH"]),
    (3, "Phòng Kinh tế", []),
    (4, "Trung tâm Phục vụ hành chính công", ["Bộ phận một cửa"]),
    (5, "Trung tâm Dịch vụ sự nghiệp công", ["Trung tâm Văn hóa, Thể thao và Truyền thông"]),
    (6, "Ủy ban Mặt trận Tổ quốc Việt Nam xã", ["Ủy ban MTTQ Việt Nam"]),
    (7, "Công an xã", []),
    (8, "Các thôn", ["Trưởng thôn"]),
]


@pytest.mark.parametrize("name,expected", [
    ("Văn phòng HĐND - UBND xã", 1),
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã", 1),
    ("Phòng Văn hóa - Xã hội xã", 2),
    ("Phòng VH-XH", 2),
    ("PHÒNG KINH TẾ", 3),
    ("Trung tâm Phục vụ hành chính công xã", 4),
    ("Trung tâm Văn hóa, Thể thao và Truyền thông xã", 5),
    ("Đề nghị Ủy ban MTTQ Việt Nam xã và các đoàn thể", 6),
    ("Công an xã", 7),
    ("Trưởng các thôn", 8),
    ("Các cơ quan, đơn vị thuộc Ủy ban nhân dân xã", None),
    ("Hội Nông dân xã", None),
    ("", None),
])
def test_unit_names_match_their_variants(name, expected):
    assert match_unit(name, UNITS) == expected


@pytest.mark.parametrize("period,expected", [
    ({"label": "6 tháng cuối năm 2025", "start": "2025-07-01", "end": "2025-12-31"},
     {"label": "6 tháng đầu năm 2026", "start": "2026-01-01", "end": "2026-06-30"}),
    ({"label": "năm 2026", "start": "2026-01-01", "end": "2026-12-31"},
     {"label": "năm 2027", "start": "2027-01-01", "end": "2027-12-31"}),
    ({"label": "quý IV năm 2025", "start": "2025-10-01", "end": "2025-12-31"},
     {"label": "quý I năm 2026", "start": "2026-01-01", "end": "2026-03-31"}),
])
def test_next_period(period, expected):
    assert next_period(period)[0] == expected


@pytest.mark.parametrize("text,months,expected", [
    ("Trước ngày 05/12/2025", 6, "Trước ngày 05/06/2026"),
    ("Trước ngày 5/12/2025", 12, "Trước ngày 5/12/2026"),
    ("Quý IV/2025", 6, "Quý II/2026"),
    ("Quý III/2025", 3, "Quý IV/2025"),
    ("Trong tháng 7/2025", 6, "Trong tháng 1/2026"),
    ("6 tháng cuối năm 2025", 6, "6 tháng đầu năm 2026"),
    ("Cả năm 2025", 12, "Cả năm 2026"),
    ("Thường xuyên", 6, "Thường xuyên"),
    ("Ngày 31/08/2025", 6, "Ngày 28/02/2026"),
])
def test_shift_text_moves_dates_forward(text, months, expected):
    assert shift_text(text, months) == expected


def test_period_label_for_odd_spans():
    assert period_label(date(2026, 2, 1), date(2026, 4, 30)) == "từ 01/02/2026 đến 30/04/2026"


def test_derived_document_is_the_next_year_and_still_valid():
    derived = derive_next_period(DEMO)
    assert derived["period"]["label"] == "năm 2027"
    assert "2027" in derived["title"] and "2026" not in derived["title"]
    assert derived["number"] is None and derived["date"] is None
    assert [t["title"] for t in derived["tasks"]] == [t["title"].replace("2026", "2027") for t in DEMO["tasks"]]
    dues = [t["timeframe"]["due"] for t in derived["tasks"] if t["timeframe"]["due"]]
    assert dues and all(d.startswith("2027") for d in dues)
    assert validation_errors(derived) == []
    assert DEMO["period"]["label"] == "năm 2026"  # the source is untouched


def test_deriving_needs_a_period():
    with pytest.raises(ValueError, match="kỳ kế hoạch"):
        derive_next_period(empty_document("Kế hoạch"))


def test_comparison_marks_changed_parts_only():
    changed = editing.apply_action(DEMO, "topics", "delete", 0)
    rows = {row["part"]: row for row in compare_documents(DEMO, changed)}
    assert rows["topics"]["changed"] and not rows["channels"]["changed"]
    assert rows["topics"]["pairs"][0]["change"] == "delete"


def test_editing_items_and_errors():
    doc = empty_document("Kế hoạch thử", "Ủy ban nhân dân xã An Hòa")
    item, errors = editing.item_from_form("topics", {"label": "a)", "text": ""}, None)
    assert item is None and "Hãy nhập" in errors["text"]
    item, errors = editing.item_from_form("topics", {"label": "a)", "text": " Chính  quyền số "}, None)
    doc = editing.apply_action(doc, "topics", "add", None, item)
    assert doc["topics"] == [{"label": "a", "text": "Chính quyền số"}]
    channel, _ = editing.item_from_form("channels", {"text": "Phát trên đài truyền thanh và loa thông minh"}, None)
    assert "radio" in channel["kinds"]
    with pytest.raises(IndexError):
        editing.apply_action(doc, "topics", "delete", 5)


def test_tasks_get_numbers_and_parsed_timeframes():
    doc = empty_document("Kế hoạch")
    period = {"label": "năm 2026", "start": "2026-01-01", "end": "2026-12-31"}
    for title, frame in (("Rà soát", "Quý II/2026"), ("Tuyên truyền", "Thường xuyên")):
        task, errors = editing.item_from_form("tasks", {"title": title, "timeframe": frame, "lead": "Phòng VH-XH\n"}, period)
        assert not errors
        doc = editing.apply_action(doc, "tasks", "add", None, task)
    doc = editing.apply_action(doc, "tasks", "up", 1)
    assert [(t["no"], t["title"]) for t in doc["tasks"]] == [(1, "Tuyên truyền"), (2, "Rà soát")]
    assert doc["tasks"][1]["timeframe"]["due"] == "2026-06-30"
    assert doc["tasks"][0]["timeframe"]["recurrence"] == "ongoing"
    assert validation_errors(doc) == []


def test_a_typed_citation_becomes_a_legal_basis_and_a_reference():
    doc = empty_document("Kế hoạch")
    item, errors = editing.item_from_form(
        "legal_bases", {"citation": "Nghị quyết số 76/NQ-СР ngày 15/7/2021 của Chính phủ"}, None)
    assert not errors and item["number"] == "76/NQ-CP" and item["date"] == "2021-07-15"
    doc = editing.apply_action(doc, "legal_bases", "add", None, item)
    assert doc["references"] == doc["legal_bases"]
    _, errors = editing.item_from_form("legal_bases", {"citation": "theo chỉ đạo của cấp trên"}, None)
    assert "Chưa nhận ra văn bản" in errors["citation"]


def test_header_dates_and_period_are_checked():
    doc = empty_document("Kế hoạch")
    _, errors = editing.apply_header(doc, {"issuer": "UBND xã", "title": "KH", "date": "31/02/2026",
                                           "period_label": "năm 2026", "period_start": "2026-12-31",
                                           "period_end": "2026-01-01"})
    assert "ngày/tháng/năm" in errors["date"] and "phải sau" in errors["period_end"]
    new, errors = editing.apply_header(doc, {"issuer": "UBND xã", "title": "KH", "date": "05/02/2026",
                                             "period_label": "năm 2026", "period_start": "01/01/2026",
                                             "period_end": "31/12/2026", "signer_name": "Trần Văn A"})
    assert not errors and new["date"] == "2026-02-05" and new["signer"]["name"] == "Trần Văn A"
    assert validation_errors(new) == []
