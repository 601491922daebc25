"""The plan importer end to end: seeds, synthetic variants, schema, nothing lost."""

import io
import json
import re
import unicodedata

import pytest
from docx import Document
from jsonschema import Draft202012Validator

from tuyentruyen.plans.document import schema
from tuyentruyen.plans.importer import parse_plan_file, parse_plan_text
from tuyentruyen.tests.shared import seed_params, seed_text

SCHEMA = schema()  # the repository's copy (tuyentruyen/plans/schema/): a bare clone has it


def validate(plan):
    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(plan)


def words(text):
    text = unicodedata.normalize("NFC", text).lower()
    text = text.translate(str.maketrans({"с": "c", "р": "p"}))  # Cyrillic look-alikes are restored in numbers
    return [w for w in re.findall(r"\w+", text) if not w.isdigit()]


def output_words(plan) -> set:
    return set(words(json.dumps(plan, ensure_ascii=False)))


@pytest.mark.parametrize("seed", seed_params(), ids=lambda p: p.stem)
def test_seed_validates_against_the_schema(seed):
    plan = parse_plan_text(seed.read_text(encoding="utf-8"))
    validate(plan)
    assert list(plan) == list(SCHEMA["required"])


@pytest.mark.parametrize("seed", seed_params(), ids=lambda p: p.stem)
def test_nothing_is_lost(seed):
    plan = parse_plan_text(seed.read_text(encoding="utf-8"))
    seen = output_words(plan)
    for line in seed.read_text(encoding="utf-8").splitlines():
        # "Nơi nhận:" is the recipients marker; its words live on as the field itself.
        missing = [w for w in words(re.sub(r"^\s*Nơi nhận\s*:?", "", line)) if w not in seen]
        assert not missing, f"{line!r} lost {missing}"


@pytest.mark.parametrize("seed", seed_params(), ids=lambda p: p.stem)
def test_file_and_text_entry_points_agree(seed):
    data = seed.read_bytes()
    assert parse_plan_file(data, "x.pdf") == parse_plan_text(data.decode("utf-8"))
    assert parse_plan_file(b"\xef\xbb\xbf" + data) == parse_plan_text(data.decode("utf-8"))


def seed_plan(name):
    return parse_plan_text(seed_text(name))


def test_vinh_bao_key_fields():
    plan = seed_plan("vinh-bao-2025-h2")
    assert plan["doc_type"] == "KẾ HOẠCH"
    assert plan["title"] == "Tuyên truyền cải cách hành chính nhà nước xã Vĩnh Bảo 6 tháng cuối năm 2025"
    assert plan["period"] == {"label": "6 tháng cuối năm 2025", "start": "2025-07-01", "end": "2025-12-31"}
    assert plan["issuer"] == "Ủy ban nhân dân xã Vĩnh Bảo"
    assert plan["commune"] == {"kind": "xa", "name": "Vĩnh Bảo"}
    assert plan["number"] is None and plan["date"] is None and plan["place"] is None
    assert [c["number"] for c in plan["legal_bases"]] == ["167/KH-SVHTT&DL", "15/KH-UBND"]
    assert [t["label"] for t in plan["topics"]] == list("abcd") + ["đ"] + list("eghik")
    assert [c["label"] for c in plan["channels"]] == ["a", "b", "c", "d", "đ", "e"]
    assert plan["channels"][0]["kinds"] == ["radio", "portal", "press", "video"]
    assert plan["responsibilities"][4]["unit"] == "Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức thành viên"
    assert len(plan["tasks"]) == 21
    task2 = plan["tasks"][1]
    assert task2["group"] == "Chỉ đạo điều hành, kiểm tra và tuyên truyền"
    assert task2["lead"] == ["Phòng Văn hóa - Xã hội"]
    assert task2["coordinating"] == ["Các cơ quan chuyên môn, đơn vị liên quan"]
    assert task2["timeframe"]["start"] == "2025-07-01" and task2["deliverable"] == "Kế hoạch của UBND xã"
    assert plan["tasks"][12]["timeframe"]["trigger"] == "Sau khi có Quyết định của UBND thành phố"
    assert plan["recipients"][0] == {"name": "TT Đảng ủy, TT HĐND xã", "purpose": "b/c"}
    assert plan["recipients"][-1]["name"].startswith("Lưu")
    assert plan["signer"] == {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "deputy": "KT. CHỦ TỊCH",
                              "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Văn Hà"}
    assert "TCVN" not in json.dumps(plan["references"], ensure_ascii=False)


def test_nam_sach_keeps_the_cyrillic_citation_normalised():
    plan = seed_plan("nam-sach-2025-h2")
    numbers = [c["number"] for c in plan["references"]]
    assert "76/NQ-CP" in numbers and not any("С" in n for n in numbers if n)
    assert plan["signer"]["on_behalf"] is None and plan["signer"]["title"] == "CHỦ TỊCH"
    assert plan["responsibilities"][-1]["unit"] == "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"


def test_yen_nguyen_run_in_unit_and_unlabelled_purposes():
    plan = seed_plan("yen-nguyen-2025-h2")
    assert len(plan["purposes"]) == 3 and len(plan["requirements"]) == 4
    assert plan["audiences"] and plan["budget"].startswith("Nguồn kinh phí")
    unit = plan["responsibilities"][-1]
    assert unit["unit"] == "Ủy ban Mặt trận Tổ quốc xã"
    assert unit["duties"][0].startswith("chỉ đạo, hướng dẫn")
    assert "assistant" in plan["channels"][4]["kinds"]


MARKDOWN = """\
# **ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH**

Số: /KH-UBND

Hòa Bình, ngày    tháng 3 năm 2026

# KẾ HOẠCH

**Tuyên truyền cải cách hành chính phường Hòa Bình năm 2026**

Căn cứ Quyết định số 12/QĐ-UBND ngày 5/1/2026 của Ủy ban nhân dân tỉnh về
ban hành Kế hoạch cải cách hành chính năm 2026;

## I. MỤC ĐÍCH, YÊU CẦU

### 1. Mục đích

a) Nâng cao *nhận thức* của cán bộ.

b) Tạo đồng thuận của người dân.

### 2. Yêu cầu

- Thường xuyên, liên tục.

## II. NỘI DUNG VÀ HÌNH THỨC

### 1. Nội dung tuyên truyền

a) Chương trình tổng thể theo Nghị quyết số 76/NQ-CP.

b) Chỉ số SIPAS.

### 2. Hình thức tuyên truyền

a) Phát trên **Đài truyền thanh** phường và loa thông minh.

b) Đăng trên Cổng thông tin điện tử và fanpage Zalo.

## III. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa - Xã hội

- Chủ trì, theo dõi.

2. Đề nghị Ủy ban MTTQ Việt Nam phường và các đoàn thể

- Phối hợp tuyên truyền.

| TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm |
|---|---|---|---|---|---|
| I | Cải cách thủ tục hành chính | | | | |
| 1 | Công khai TTHC | Trung tâm Phục vụ hành chính công | Các phòng | Thường xuyên | TTHC công khai |

**Nơi nhận:**
- Sở Nội vụ (b/c);
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**

**CHỦ TỊCH**

Trần Thị Mai
"""


def test_markdown_variant():
    plan = parse_plan_text(MARKDOWN)
    validate(plan)
    assert plan["issuer"] == "Ủy ban nhân dân phường Hòa Bình"
    assert plan["commune"] == {"kind": "phuong", "name": "Hòa Bình"}
    assert plan["number"] is None and plan["symbol"] == "KH-UBND"
    assert plan["place"] == "Hòa Bình" and plan["date"] is None
    assert plan["title"] == "Tuyên truyền cải cách hành chính phường Hòa Bình năm 2026"
    assert plan["period"] == {"label": "năm 2026", "start": "2026-01-01", "end": "2026-12-31"}
    assert [c["number"] for c in plan["legal_bases"]] == ["12/QĐ-UBND"]
    assert plan["purposes"] == ["Nâng cao nhận thức của cán bộ.", "Tạo đồng thuận của người dân."]
    assert [t["label"] for t in plan["topics"]] == ["a", "b"]
    assert plan["channels"][0]["kinds"] == ["radio"] and plan["channels"][1]["kinds"] == ["portal", "social"]
    assert [r["unit"] for r in plan["responsibilities"]] == [
        "Phòng Văn hóa - Xã hội", "Ủy ban MTTQ Việt Nam phường và các đoàn thể"]
    assert plan["tasks"][0]["group"] == "Cải cách thủ tục hành chính"
    assert plan["tasks"][0]["timeframe"]["recurrence"] == "ongoing"
    assert plan["recipients"][0] == {"name": "Sở Nội vụ", "purpose": "b/c"}
    assert plan["signer"]["name"] == "Trần Thị Mai" and plan["signer"]["on_behalf"] == "TM. ỦY BAN NHÂN DÂN"


def make_docx(split_table=True) -> bytes:
    doc = Document()
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ AN LÃO"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 21/KH-UBND"
    header.cell(1, 1).text = "An Lão, ngày 02 tháng 01 năm 2026"
    for text in ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính xã An Lão năm 2026",
                 "Căn cứ Kế hoạch số 05/KH-UBND ngày 14/7/2025 của Ủy ban nhân dân tỉnh;",
                 "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Nâng cao nhận thức.", "b) Tạo đồng thuận.",
                 "c) Phát huy vai trò.", "d) Lan tỏa mô hình.", "đ) Biểu dương điển hình.",
                 "II. NỘI DUNG", "1. Nội dung tuyên truyền", "a) Chương trình tổng thể.", "2. Hình thức tuyên truyền",
                 "a) Tổ chức hội nghị, tập huấn.", "b) Chiếu phim lưu động và biểu diễn văn nghệ.",
                 "III. TỔ CHỨC THỰC HIỆN", "1. Phòng Văn hóa - Xã hội", "- Chủ trì.", "Nơi nhận:", "- Sở Nội vụ;",
                 "- Lưu: VT.", "CHỦ TỊCH", "Lê Văn Nam", "DANH MỤC NHIỆM VỤ"]:
        doc.add_paragraph(text)
    head = ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]
    rows = [["I. Chỉ đạo điều hành"] * 6,
            ["1", "Ban hành kế hoạch", "Phòng Văn hóa - Xã hội", "Các cơ quan, đơn vị", "Quý I/2026", "Kế hoạch"],
            ["2", "Kiểm tra CCHC", "Phòng Văn hóa - Xã hội", "", "Quý IV/2026", "Báo cáo"],
            ["II. Cải cách thủ tục hành chính"] * 6,
            ["3", "Số hóa hồ sơ theo Nghị định số 45/2020/NĐ-CP", "Trung tâm Phục vụ hành chính công", "",
             "Thường xuyên", "Dữ liệu"]]
    parts = [rows[:2], rows[2:]] if split_table else [rows]
    for part in parts:
        table = doc.add_table(rows=0, cols=6)
        for values in [head, *part]:
            cells = table.add_row().cells
            if len(set(values)) == 1:
                merged = cells[0].merge(cells[5])
                merged.text = values[0]
                continue
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
        doc.add_paragraph("")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("split_table", [True, False])
def test_docx_with_header_table_and_task_table(split_table):
    plan = parse_plan_file(make_docx(split_table), "ke-hoach.pdf")  # the name is ignored
    validate(plan)
    assert plan["issuer"] == "Ủy ban nhân dân xã An Lão"
    assert plan["number"] == "21" and plan["symbol"] == "KH-UBND"
    assert plan["place"] == "An Lão" and plan["date"] == "2026-01-02"
    assert plan["period"]["label"] == "năm 2026"
    assert [p[:5] for p in plan["purposes"]] == ["Nâng ", "Tạo đ", "Phát ", "Lan t", "Biểu "]
    assert plan["channels"][1]["kinds"] == ["performance", "film"]
    assert [t["no"] for t in plan["tasks"]] == [1, 2, 3]
    assert [t["group"] for t in plan["tasks"]] == ["Chỉ đạo điều hành", "Chỉ đạo điều hành",
                                                    "Cải cách thủ tục hành chính"]
    assert plan["tasks"][1]["timeframe"]["start"] == "2026-10-01"
    assert plan["tasks"][0]["coordinating"] == ["Các cơ quan, đơn vị"]
    assert "45/2020/NĐ-CP" in [c["number"] for c in plan["references"]]
    assert plan["signer"] == {"on_behalf": None, "deputy": None, "title": "CHỦ TỊCH", "name": "Lê Văn Nam"}


def test_docx_list_style_paragraphs_become_items():
    doc = Document()
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Tuyên truyền CCHC năm 2026")
    doc.add_paragraph("I. MỤC ĐÍCH")
    doc.add_paragraph("1. Mục đích")
    doc.add_paragraph("Nâng cao nhận thức", style="List Bullet")
    doc.add_paragraph("Tạo đồng thuận", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    plan = parse_plan_file(out.getvalue())
    assert plan["purposes"] == ["Nâng cao nhận thức", "Tạo đồng thuận"]


def test_a_text_that_is_not_a_plan_still_parses():
    plan = parse_plan_text("Hôm nay trời đẹp.\n\nChúng tôi đi chơi công viên.\n")
    validate(plan)
    assert plan["title"] == "" and plan["topics"] == [] and plan["signer"] is None
    assert plan["unplaced"] == ["Hôm nay trời đẹp.", "Chúng tôi đi chơi công viên."]


def test_page_numbers_and_running_headers_are_dropped():
    page = "Kế hoạch tuyên truyền CCHC\n{body}\n{n}\n"
    bodies = ["KẾ HOẠCH\nTuyên truyền CCHC năm 2026\nI. MỤC ĐÍCH\n1. Mục đích\na) Một.",
              "b) Hai.\nc) Ba.", "d) Bốn.\nđ) Năm."]
    text = "\f".join(page.format(body=b, n=i + 1) for i, b in enumerate(bodies))
    plan = parse_plan_text(text)
    assert plan["purposes"] == ["Một.", "Hai.", "Ba.", "Bốn.", "Năm."]
    assert "Kế hoạch tuyên truyền CCHC" not in json.dumps(plan, ensure_ascii=False)
