"""One document (issue 13, item 2): a structured edit reaches the Word/PDF export by itself; the parts the
officer never touched keep the imported text; the plan page says which parts come from the original file."""

import copy
import io
import json
from pathlib import Path

import pytest
from docx import Document

from tuyentruyen.conftest import client_for
from tuyentruyen.plans import editing, review
from tuyentruyen.plans.export import pdf
from tuyentruyen.plans.export.body import ORIGINAL, STRUCTURE, body_sections
from tuyentruyen.plans.export.docx import render_plan_docx
from tuyentruyen.plans.importer import parse_plan_file, parse_plan_text
from tuyentruyen.tests.shared import MISSING, seed_files

REPO = Path(__file__).resolve().parents[3]
SEEDS = seed_files()
GOLD = sorted((REPO / "bench" / "gold").glob("*.json"))
DEMO_MD = Path(__file__).parents[1] / "demo" / "ke-hoach-demo.md"

PLAN = """ỦY BAN NHÂN DÂN XÃ HÒA LẠC
Số: 21/KH-UBND
Hòa Lạc, ngày 10 tháng 01 năm 2026
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026
Căn cứ Kế hoạch số 14/KH-UBND ngày 06/01/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2026;
Ủy ban nhân dân xã Hòa Lạc ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Người dân biết nộp hồ sơ trực tuyến tại nhà.
2. Yêu cầu
- Mỗi thôn có ít nhất một buổi tuyên truyền trong quý.
II. NỘI DUNG, HÌNH THỨC
1. Nội dung tuyên truyền
a) Thủ tục đăng ký khai sinh, khai tử trực tuyến.
b) Thanh toán lệ phí không dùng tiền mặt.
2. Hình thức tuyên truyền
a) Phát trên hệ thống truyền thanh xã hai buổi mỗi tuần.
b) Đăng tin trên trang thông tin điện tử của xã.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND xã
- Tham mưu triển khai, tổng hợp kết quả hàng quý.
2. Trung tâm Phục vụ hành chính công xã
- Hướng dẫn người dân tại quầy tiếp nhận.
Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2026 của Ủy ban nhân dân xã Hòa Lạc./.
Nơi nhận:
- UBND tỉnh (b/c);
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Nam
"""


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


@pytest.fixture
def plan():
    return parse_plan_text(PLAN)


def _topic(doc, text):
    return editing.apply_action(doc, "topics", "save", 0, {"label": "a", "text": text})


# --- untouched text is printed as it stands ------------------------------------------------------------

@pytest.mark.parametrize("source", ["text", "docx", "markdown"])
def test_an_untouched_import_prints_its_own_text(plan, source):
    if source == "docx":
        plan = parse_plan_file(render_plan_docx(plan))
    if source == "markdown":
        plan = parse_plan_file(DEMO_MD.read_bytes(), "ke-hoach.md")
    sections, origins = body_sections(plan)
    assert sections == plan["sections"]
    assert set(origins.values()) == {ORIGINAL}


@pytest.mark.skipif(not SEEDS, reason=MISSING)
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_real_plans_untouched_print_their_own_text(path):
    plan = parse_plan_text(path.read_text(encoding="utf-8"))
    sections, origins = body_sections(plan)
    assert sections == plan["sections"] and set(origins.values()) == {ORIGINAL}


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_the_gold_plans_untouched_print_their_own_text(path):
    plan = json.loads(path.read_text(encoding="utf-8"))
    sections, origins = body_sections(plan)
    assert sections == plan["sections"] and set(origins.values()) == {ORIGINAL}


# --- each kind of edit reaches the export, and only that part changes -------------------------------------

EDITS = [
    # (what is changed, the edit, lines now in the export, lines no longer in it)
    ({"topics"}, lambda d: _topic(d, "Cấp bản sao điện tử từ sổ gốc."), ["a) Cấp bản sao điện tử từ sổ gốc."],
     ["Thủ tục đăng ký khai sinh"]),
    ({"topics"}, lambda d: editing.apply_action(d, "topics", "delete", 1), [], ["Thanh toán lệ phí"]),
    ({"topics", "channels"}, lambda d: review.move_line(d, "topics:1", "channels"),
     ["c) Thanh toán lệ phí không dùng tiền mặt."], ["b) Thanh toán lệ phí"]),
    ({"purposes"}, lambda d: editing.apply_action(d, "purposes", "add", None, "Cán bộ trả lời được câu hỏi của dân."),
     ["- Cán bộ trả lời được câu hỏi của dân.", "- Người dân biết nộp hồ sơ trực tuyến tại nhà."], []),
    ({"responsibilities"}, lambda d: review.move_line(d, "responsibilities:0:0", "responsibilities:1"),
     ["- Tham mưu triển khai, tổng hợp kết quả hàng quý."], []),
    ({"responsibilities"}, lambda d: editing.apply_action(
        d, "responsibilities", "add", None, {"unit": "Công an xã", "duties": ["Hướng dẫn định danh điện tử."]}),
     ["Công an xã", "- Hướng dẫn định danh điện tử."], []),
    ({"legal_bases"}, lambda d: editing.apply_action(d, "legal_bases", "add", None, editing.parse_citation(
        "Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về đẩy mạnh cải cách hành chính")),
     ["Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về đẩy mạnh cải cách hành chính;",
      "Căn cứ Kế hoạch số 14/KH-UBND"], []),
    ({"budget"}, lambda d: dict(d, budget="Từ ngân sách xã năm 2026."), ["Từ ngân sách xã năm 2026."], []),
]


@pytest.mark.parametrize(("changed", "edit", "present", "absent"), EDITS)
def test_an_edit_reaches_the_export_by_itself(plan, changed, edit, present, absent):
    edited = edit(copy.deepcopy(plan))
    _, origins = body_sections(edited)
    assert {part for part, state in origins.items() if state == STRUCTURE} == changed
    text = docx_text(render_plan_docx(edited))
    for line in present:
        assert line in text
    for line in absent:
        assert line not in text
    # What the officer did not touch is printed as the file had it.
    for line in ("- Mỗi thôn có ít nhất một buổi tuyên truyền trong quý.", "Căn cứ Kế hoạch số 14/KH-UBND",
                 "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2026 của Ủy ban nhân dân xã Hòa Lạc./."):
        assert text.count(line) == 1


@pytest.mark.parametrize(("labels", "moved", "expected"), [
    (["a", "b"], "b", "c"), (["d"], None, "đ"), (["1", "2"], "a", "3"), (["2.1", "2.2"], None, "2.3"),
    ([None, None], "a", None), ([], "b", "b"), (["x"], "a", "y"), (["IV"], None, None),
])
def test_a_moved_item_takes_the_next_label_of_its_new_list(labels, moved, expected):
    assert review.next_label(labels, moved) == expected


def test_an_edited_unit_keeps_its_place_and_the_others_their_text(plan):
    edited = editing.apply_action(plan, "responsibilities", "save", 1,
                                  {"unit": "Trung tâm Phục vụ hành chính công xã", "duties": ["Mở quầy hỗ trợ số."]})
    sections, _ = body_sections(edited)
    part = next(s for s in sections if s.get("label") == "III")
    assert [c["label"] for c in part["children"]] == ["1", "2"]
    assert part["children"][0] == next(s for s in plan["sections"] if s.get("label") == "III")["children"][0]
    assert part["children"][1]["paragraphs"] == ["- Mở quầy hỗ trợ số."]


def test_a_moved_closing_line_is_printed_once_as_the_closing(plan):
    doc = copy.deepcopy(plan)
    doc["responsibilities"][1]["duties"].append("Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.")
    doc = review.move_line(doc, "responsibilities:1:1", "closing")
    text = docx_text(render_plan_docx(doc))
    assert text.count("Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.") == 1


def test_a_renumbered_item_is_printed_with_its_new_label(plan):
    edited = editing.apply_action(plan, "channels", "save", 0,
                                  {"label": "c", "text": plan["channels"][0]["text"], "kinds": ["radio"]})
    assert body_sections(edited)[1]["channels"] == STRUCTURE
    assert "c) Phát trên hệ thống truyền thanh" in docx_text(render_plan_docx(edited))


# --- through the browser's requests: edit, then download --------------------------------------------------

NEW_TOPIC = "Đặt lịch hẹn làm thủ tục qua ứng dụng của tỉnh."


@pytest.mark.django_db
def test_an_edited_content_item_is_in_the_downloads_without_any_rebuild(officer_a, plan_a):
    client = client_for(officer_a)
    revision = plan_a.revisions.with_scopes_disabled().get()
    old = revision.document["topics"][0]["text"]
    response = client.post(f"/ke-hoach/{plan_a.pk}/sua/topics/", {
        "action": "save", "index": "0", "version": revision.version, "label": "a", "text": NEW_TOPIC})
    assert response.status_code == 302
    text = docx_text(client.get(f"/ke-hoach/{plan_a.pk}/tai-ve.docx").content)
    assert f"a) {NEW_TOPIC}" in text and old not in text
    detail = client.get(f"/ke-hoach/{plan_a.pk}/").content.decode()
    assert 'data-testid="nguon-topics">In từ nội dung đã sửa' in detail
    assert 'data-testid="nguon-purposes">Theo nguyên văn tệp gốc' in detail


@pytest.mark.django_db
@pytest.mark.skipif(not pdf.converter_available(), reason="LibreOffice is not installed, so no PDF can be made")
def test_an_edited_content_item_is_in_the_pdf(officer_a, plan_a):
    import subprocess
    import tempfile

    client = client_for(officer_a)
    revision = plan_a.revisions.with_scopes_disabled().get()
    client.post(f"/ke-hoach/{plan_a.pk}/sua/topics/", {
        "action": "save", "index": "0", "version": revision.version, "label": "a", "text": NEW_TOPIC})
    response = client.get(f"/ke-hoach/{plan_a.pk}/tai-ve.pdf")
    assert response["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(b"".join(response.streaming_content) if response.streaming else response.content)
        f.flush()
        text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout
    assert "Đặt lịch hẹn làm thủ tục qua ứng dụng" in " ".join(text.split())


COMBINED = PLAN.replace("1. Nội dung tuyên truyền\n", "").replace(
    "2. Hình thức tuyên truyền\na) Phát trên hệ thống truyền thanh xã hai buổi mỗi tuần.\n"
    "b) Đăng tin trên trang thông tin điện tử của xã.\n", "")


def test_a_part_the_file_never_had_is_printed_beside_its_kin():
    plan = parse_plan_text(COMBINED)
    assert plan["channels"] == [] and len(plan["topics"]) == 2
    edited = review.move_line(plan, "topics:1", "channels")
    sections, origins = body_sections(edited)
    assert origins["channels"] == STRUCTURE and origins["responsibilities"] == ORIGINAL
    labels = [(s["label"], s["heading"]) for s in sections if s.get("heading")]
    at = labels.index((None, "Hình thức tuyên truyền"))
    assert labels[at - 1][0] == "II" and labels[at + 1][0] == "III"  # between its kin and the next part
    text = docx_text(render_plan_docx(edited))
    assert text.index("Hình thức tuyên truyền") < text.index("TỔ CHỨC THỰC HIỆN")
    assert "Thanh toán lệ phí không dùng tiền mặt." in text


def test_a_budget_added_to_a_plan_without_one_comes_last_before_the_duties_or_at_the_end(plan):
    sections, origins = body_sections(dict(plan, budget="Từ nguồn ngân sách xã."))
    assert origins["budget"] == STRUCTURE
    headed = [(s["label"], s["heading"]) for s in sections if s.get("heading")]
    assert headed.index((None, "Kinh phí thực hiện")) == headed.index(("III", "TỔ CHỨC THỰC HIỆN")) - 1 or \
        ("IV", "Kinh phí thực hiện") in headed


def test_a_body_without_structured_parts_is_printed_as_it_stands():
    """A report laid out on the plan renderer has a body and no parts: its headings are not a plan's parts."""
    body = [{"label": "I", "heading": "Kết quả thực hiện", "paragraphs": [], "children": [
        {"label": "1", "heading": "Nội dung tuyên truyền", "paragraphs": ["[bảng nội dung]"], "children": []},
        {"label": "2", "heading": "Hình thức tuyên truyền", "paragraphs": ["[bảng hình thức]"], "children": []}]},
        {"label": None, "heading": None, "paragraphs": ["Căn cứ Kế hoạch số 3/KH-UBND ngày 02/01/2026 của xã;"],
         "children": []}]
    sections, origins = body_sections({"doc_type": "BÁO CÁO", "title": "Báo cáo", "sections": body})
    assert sections == body and origins == {}
