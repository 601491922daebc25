"""The DOCX export follows Nghị định 30/2020/NĐ-CP, Phụ lục I.

Each test renders a plan, reopens the bytes with python-docx and checks one group
of layout facts, the way a văn thư would check a draft before registering it.
"""

import copy
import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tuyentruyen.plans.document import blank_document
from tuyentruyen.plans.export.docx import citation_sentence, format_issue_date, render_plan_docx

REPO = Path(__file__).resolve().parents[3]
DEMO_PLAN = REPO / "tuyentruyen" / "plans" / "demo" / "demo_plan.json"
GOLD_DIR = REPO / "bench" / "gold"
SCHEMA_CANDIDATES = (REPO / "tuyentruyen" / "plans" / "schema" / "plan.schema.json",)

MM = 36000  # EMU per millimetre


def load_demo() -> dict:
    return json.loads(DEMO_PLAN.read_text(encoding="utf-8"))


def open_docx(plan: dict):
    return Document(io.BytesIO(render_plan_docx(plan)))


@pytest.fixture(scope="module")
def demo_doc():
    return open_docx(load_demo())


def mm(length) -> float:
    return length / MM


def style_value(paragraph, attribute: str):
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def size_of(run, paragraph) -> float:
    size = run.font.size or style_value(paragraph, "size")
    return size.pt


def is_bold(run, paragraph) -> bool:
    return bool(run.font.bold if run.font.bold is not None else style_value(paragraph, "bold"))


def is_italic(run, paragraph) -> bool:
    return bool(run.font.italic if run.font.italic is not None else style_value(paragraph, "italic"))


def text_runs(paragraph):
    return [run for run in paragraph.runs if run.text.strip()]


def cell_lines(cell) -> list:
    return [p for p in cell.paragraphs if p.text.strip()]


def has_bottom_border(paragraph) -> bool:
    pPr = paragraph._p.pPr
    return (
        pPr is not None
        and pPr.find(qn("w:pBdr")) is not None
        and pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    )


def body_paragraphs(document):
    return [p for p in document.paragraphs if p.text.strip()]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


# ----------------------------------------------------------------------- page


def test_it_lays_out_a4_portrait_with_official_margins(demo_doc):
    section = demo_doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert mm(section.page_width) == pytest.approx(210, abs=0.5)
    assert mm(section.page_height) == pytest.approx(297, abs=0.5)
    assert 20 <= round(mm(section.top_margin)) <= 25
    assert 20 <= round(mm(section.bottom_margin)) <= 25
    assert 30 <= round(mm(section.left_margin)) <= 35
    assert 15 <= round(mm(section.right_margin)) <= 20


def test_it_names_times_new_roman_for_every_script_on_every_style(demo_doc):
    root = demo_doc.styles.element
    holders = [root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))]
    holders += [style.find(qn("w:rPr")) for style in root.findall(qn("w:style"))]
    for rPr in holders:
        fonts = rPr.find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            assert fonts.get(qn(attr)) == "Times New Roman"
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            assert fonts.get(qn(attr)) is None


def test_body_text_is_justified_with_first_line_indent_and_spacing(demo_doc):
    normal = demo_doc.styles["Normal"]
    fmt = normal.paragraph_format
    assert 13 <= normal.font.size.pt <= 14
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent in (Cm(1), Cm(1.27))
    assert (fmt.space_before or 0) + (fmt.space_after or 0) >= Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5
    body = [p for p in body_paragraphs(demo_doc) if p.style.name == "Normal"]
    assert len(body) > 30
    for paragraph in body:
        assert paragraph.paragraph_format.alignment in (None, WD_ALIGN_PARAGRAPH.JUSTIFY)
        for run in text_runs(paragraph):
            assert 13 <= size_of(run, paragraph) <= 14


# ------------------------------------------------------------------ letterhead


def test_the_letterhead_is_a_borderless_two_column_table(demo_doc):
    table = demo_doc.tables[0]
    assert len(table.columns) == 2
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}
    left, right = table.rows[0].cells

    issuer, commune, number = cell_lines(left)
    assert (issuer.text, commune.text) == ("ỦY BAN NHÂN DÂN", "XÃ ĐÔNG HÒA")
    for paragraph in (issuer, commune):
        for run in text_runs(paragraph):
            assert is_bold(run, paragraph)
            assert 12 <= size_of(run, paragraph) <= 13
    assert number.text == "Số: 05/KH-UBND"
    assert size_of(number.runs[0], number) == 13
    assert any(has_bottom_border(p) for p in left.paragraphs), "short rule under the issuing body"

    national, motto, date = cell_lines(right)
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert is_bold(national.runs[0], national) and 12 <= size_of(national.runs[0], national) <= 13
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert is_bold(motto.runs[0], motto) and 13 <= size_of(motto.runs[0], motto) <= 14
    assert any(has_bottom_border(p) for p in right.paragraphs), "rule under the motto"
    assert date.text == "Đông Hòa, ngày 08 tháng 01 năm 2026"
    assert is_italic(date.runs[0], date) and 13 <= size_of(date.runs[0], date) <= 14


def test_a_draft_leaves_room_for_number_and_date():
    plan = load_demo()
    plan["number"] = None
    plan["date"] = None
    left, right = open_docx(plan).tables[0].rows[0].cells
    assert re.fullmatch(r"Số:\s{3,}/KH-UBND", cell_lines(left)[-1].text)
    assert cell_lines(right)[-1].text == "Đông Hòa, ngày    tháng    năm 2026"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2026-02-05", "Vĩnh Bảo, ngày 05 tháng 02 năm 2026"),
        ("2026-01-31", "Vĩnh Bảo, ngày 31 tháng 01 năm 2026"),
        ("2025-07-28", "Vĩnh Bảo, ngày 28 tháng 7 năm 2025"),
        ("2025-12-09", "Vĩnh Bảo, ngày 09 tháng 12 năm 2025"),
        (None, "Vĩnh Bảo, ngày    tháng    năm 2025"),
    ],
)
def test_issue_dates_are_padded_as_the_decree_says(date, expected):
    plan = {"place": "Vĩnh Bảo", "date": date, "period": {"label": "", "start": "2025-07-01", "end": ""}}
    assert format_issue_date(plan) == expected


def test_the_title_block_is_centred_bold_with_a_short_rule(demo_doc):
    paragraphs = demo_doc.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "KẾ HOẠCH")
    doc_type, title, rule = paragraphs[index : index + 3]
    assert title.text == "Tuyên truyền cải cách hành chính nhà nước xã Đông Hòa năm 2026"
    for paragraph in (doc_type, title):
        assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert is_bold(paragraph.runs[0], paragraph)
        assert 13 <= size_of(paragraph.runs[0], paragraph) <= 14
    assert has_bottom_border(rule) and not rule.text
    text_width = 210 - 30 - 15
    rule_length = text_width - mm(rule.paragraph_format.left_indent) - mm(rule.paragraph_format.right_indent)
    assert 20 <= rule_length <= 60


# ----------------------------------------------------------------------- body


def test_legal_bases_are_italic_sentences_built_from_citations(demo_doc):
    bases = [p for p in demo_doc.paragraphs if p.text.startswith("Căn cứ")]
    assert len(bases) == 5
    assert bases[0].text == (
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành "
        "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;"
    )
    for paragraph in bases:
        assert paragraph.text.endswith(";")
        assert all(is_italic(run, paragraph) for run in text_runs(paragraph))


@pytest.mark.parametrize(
    ("citation", "sentence"),
    [
        (
            {
                "type": "Chỉ thị",
                "number": "23/CT-TTg",
                "date": "2021-09-02",
                "issuer": "Thủ tướng Chính phủ",
                "title": "đẩy mạnh thực hiện Chương trình tổng thể",
            },
            "Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về đẩy mạnh thực hiện "
            "Chương trình tổng thể;",
        ),
        (
            {
                "type": "Kế hoạch",
                "number": "05/KH-UBND",
                "date": "2026-01-14",
                "issuer": "Ủy ban nhân dân tỉnh",
                "title": "về tuyên truyền cải cách hành chính",
            },
            "Căn cứ Kế hoạch số 05/KH-UBND ngày 14/01/2026 của Ủy ban nhân dân tỉnh về tuyên truyền cải cách "
            "hành chính;",
        ),
        (
            {
                "type": "Luật",
                "number": None,
                "date": None,
                "issuer": None,
                "title": "Tổ chức Chính phủ năm 2025",
            },
            "Căn cứ Luật Tổ chức Chính phủ năm 2025;",
        ),
        (
            {"type": "Công văn", "number": "48/CV-BCĐ", "date": None, "issuer": None, "title": None},
            "Căn cứ Công văn số 48/CV-BCĐ;",
        ),
    ],
)
def test_citation_sentences(citation, sentence):
    assert citation_sentence(citation) == sentence


def test_roman_numbered_parts_are_bold_upper_case_headings(demo_doc):
    parts = [p for p in demo_doc.paragraphs if re.match(r"^[IVX]+\. ", p.text)]
    assert [p.text.split(".")[0] for p in parts] == ["I", "II", "III", "IV", "V"]
    for paragraph in parts:
        assert paragraph.text == paragraph.text.upper()
        assert paragraph.style.name == "Heading 1"
        assert all(is_bold(run, paragraph) for run in text_runs(paragraph))
        assert 13 <= size_of(paragraph.runs[0], paragraph) <= 14
    heading = demo_doc.styles["Heading 1"]
    assert heading.font.color.rgb is None or str(heading.font.color.rgb) == "000000"


def test_a_plan_built_from_fields_alone_exports_a_complete_document():
    plan = load_demo()
    plan["sections"] = []
    document = open_docx(plan)
    text = all_text(document)
    for expected in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "2. Yêu cầu",
        "3. Đối tượng tuyên truyền",
        "II. NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN",
        "1. Nội dung tuyên truyền",
        "2. Hình thức tuyên truyền",
        "III. NHIỆM VỤ CỤ THỂ",
        "IV. KINH PHÍ THỰC HIỆN",
        "V. TỔ CHỨC THỰC HIỆN",
        "7. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        plan["budget"],
        "Trên đây là Kế hoạch tuyên truyền cải cách hành chính nhà nước xã Đông Hòa năm 2026.",
    ):
        assert expected in text
    for item in plan["purposes"] + plan["requirements"] + plan["audiences"]:
        assert f"- {item}" in text
    for item in plan["topics"] + plan["channels"]:
        assert f"{item['label']}) {item['text']}" in text
    for responsibility in plan["responsibilities"]:
        for duty in responsibility["duties"]:
            assert f"- {duty}" in text
    assert text.count("Căn cứ Nghị quyết số 76/NQ-CP") == 1
    assert "./." in text


def test_a_preamble_kept_in_sections_is_printed_once():
    plan = load_demo()
    preamble = [citation_sentence(c) for c in plan["legal_bases"]]
    plan["sections"] = [{"label": None, "heading": None, "paragraphs": preamble, "children": []}] + plan[
        "sections"
    ]
    text = all_text(open_docx(plan))
    assert text.count("Căn cứ Nghị quyết số 76/NQ-CP") == 1


def test_an_almost_empty_plan_still_renders():
    plan = blank_document(doc_type="KẾ HOẠCH", commune={"kind": "phuong", "name": "Hồng Hà"},
                          title="Tuyên truyền cải cách hành chính")
    document = open_docx(plan)
    left, _ = document.tables[0].rows[0].cells
    assert [p.text for p in cell_lines(left)][:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HỒNG HÀ"]
    assert len(document.sections) == 1
    assert "- Lưu: VT." in all_text(document)


# ------------------------------------------------------- recipients, signature


def test_recipients_list_is_formatted_as_the_decree_says(demo_doc):
    left, _ = demo_doc.tables[1].rows[0].cells
    heading, *items = cell_lines(left)
    assert heading.text == "Nơi nhận:"
    run = heading.runs[0]
    assert is_bold(run, heading) and is_italic(run, heading) and size_of(run, heading) == 12
    assert len(items) == 8
    for paragraph in items:
        assert paragraph.text.startswith("- ")
        assert size_of(paragraph.runs[0], paragraph) == 11
    assert all(p.text.endswith(";") for p in items[:-1])
    assert items[0].text == "- Sở Nội vụ tỉnh (b/c);"
    assert items[-1].text == "- Lưu: VT, VHXH."


def test_the_signature_block_prints_authority_and_name_in_bold(demo_doc):
    _, right = demo_doc.tables[1].rows[0].cells
    lines = cell_lines(right)
    assert [p.text for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Minh Đức"]
    for paragraph in lines:
        assert is_bold(paragraph.runs[0], paragraph)
        assert 13 <= size_of(paragraph.runs[0], paragraph) <= 14
        assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert lines[-1].paragraph_format.space_before >= Pt(48), "room to sign and stamp"


def test_page_numbers_are_centred_in_the_top_margin_from_page_two(demo_doc):
    section = demo_doc.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_header._element.xml
    header = section.header
    assert " PAGE " in "".join(header._element.itertext())
    paragraph = header.paragraphs[0]
    assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


# ----------------------------------------------------------------------- annex


def test_the_task_catalogue_is_annexed_on_landscape_pages(demo_doc):
    annex = demo_doc.sections[-1]
    assert len(demo_doc.sections) == 2
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert mm(annex.page_width) == pytest.approx(297, abs=0.5)
    assert mm(annex.page_height) == pytest.approx(210, abs=0.5)
    assert not annex.different_first_page_header_footer, "annex pages are numbered too"
    titles = [p.text for p in demo_doc.paragraphs]
    assert "PHỤ LỤC" in titles and "DANH MỤC NHIỆM VỤ CỤ THỂ" in titles
    assert "(Kèm theo Kế hoạch số 05/KH-UBND ngày 08/01/2026 của Ủy ban nhân dân xã Đông Hòa)" in titles


def test_the_annex_table_repeats_its_header_and_groups_tasks(demo_doc):
    plan = load_demo()
    table = demo_doc.tables[-1]
    header = table.rows[0]
    assert [c.text for c in header.cells] == [
        "TT",
        "Nội dung công việc",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
        "Sản phẩm",
    ]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"single"}

    groups = [row for row in table.rows[1:] if len(row._tr.tc_lst) == 2]
    assert [row._tr.tc_lst[1].grid_span for row in groups] == [5] * 4
    assert [row.cells[1].text for row in groups] == list(dict.fromkeys(t["group"] for t in plan["tasks"]))
    assert [row.cells[0].text for row in groups] == ["I", "II", "III", "IV"]

    tasks = [row for row in table.rows[1:] if len(row._tr.tc_lst) == 6]
    assert len(tasks) == len(plan["tasks"]) == 13
    first = [c.text for c in tasks[0].cells]
    assert first == [
        "1",
        plan["tasks"][0]["title"],
        "Phòng Văn hóa - Xã hội",
        "Văn phòng HĐND và UBND xã",
        "Trong tháng 01/2026",
        "Kế hoạch của UBND xã",
    ]
    timeframes = {row.cells[4].text for row in tasks}
    assert {
        "Thường xuyên",
        "Hàng quý",
        "Quý II/2026",
        "Trước ngày 05/12/2026",
        "Sau khi có Quyết định của UBND tỉnh",
    } <= timeframes


def test_a_plan_without_tasks_has_no_annex():
    plan = load_demo()
    plan["tasks"] = []
    document = open_docx(plan)
    assert len(document.sections) == 1
    assert "PHỤ LỤC" not in all_text(document)


# --------------------------------------------------------------- data files


def test_the_demo_plan_validates_against_the_plan_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = next((p for p in SCHEMA_CANDIDATES if p.exists()), None)
    if schema_path is None:
        pytest.skip("plan.schema.json is not available in this checkout")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    validator.validate(load_demo())


def test_the_demo_markdown_tells_the_same_plan():
    markdown = (DEMO_PLAN.parent / "ke-hoach-demo.md").read_text(encoding="utf-8")
    plan = load_demo()
    for citation in plan["legal_bases"]:
        assert citation_sentence(citation) in markdown
    for task in plan["tasks"]:
        assert task["title"] in markdown
    for item in plan["topics"] + plan["channels"]:
        assert item["text"] in markdown


def walk(sections):
    for section in sections:
        yield section
        yield from walk(section.get("children") or [])


def gold_files():
    if not GOLD_DIR.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="bench/gold/ is absent in this checkout"))]
    return [pytest.param(path, id=path.stem) for path in sorted(GOLD_DIR.glob("*.json"))]


@pytest.mark.parametrize("path", gold_files())
def test_real_plans_from_the_gold_files_render(path):
    plan = json.loads(path.read_text(encoding="utf-8"))
    before = copy.deepcopy(plan)
    document = open_docx(plan)
    assert plan == before, "rendering must not modify its input"
    text = all_text(document)
    assert "KẾ HOẠCH" in text and plan["title"] in text
    assert mm(document.sections[0].page_width) == pytest.approx(210, abs=0.5)
    for section in plan["sections"]:
        if section.get("heading") and section.get("label"):
            assert section["heading"].upper() in text
    # Every heading and paragraph of the source reaches the document, annex titles included.
    for section in walk(plan["sections"]):
        if section.get("heading") and section.get("label") and section not in plan["sections"]:
            assert section["heading"] in text
        for paragraph in section["paragraphs"]:
            assert paragraph in text
    if plan["tasks"]:
        assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
        annex = document.tables[-1]
        assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        task_rows = [row for row in annex.rows[1:] if len(row._tr.tc_lst) == 6]
        assert len(task_rows) == len(plan["tasks"])
        # The annex titles are printed once, on the annex pages, not in the body too.
        assert text.count("(Kèm theo") == 1
    else:
        assert len(document.sections) == 1
    signer = plan["signer"] or {}
    if signer.get("name"):
        _, right = document.tables[1].rows[0].cells
        assert cell_lines(right)[-1].text == signer["name"]


def test_the_gold_folder_is_not_empty_when_present():
    if not GOLD_DIR.is_dir():
        pytest.skip("bench/gold/ is absent in this checkout")
    assert list(GOLD_DIR.glob("*.json")), "bench/gold/ exists but holds no plan"


# ------------------------------------------------------------- Word strictness

PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
).split()
TBLPR_ORDER = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
).split()
TRPR_ORDER = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden"
)


@pytest.mark.parametrize(
    ("tag", "order"),
    [("pPr", PPR_ORDER), ("rPr", RPR_ORDER), ("tblPr", TBLPR_ORDER), ("trPr", TRPR_ORDER.split())],
)
def test_the_xml_keeps_the_element_order_word_requires(demo_doc, tag, order):
    # LibreOffice forgives children out of sequence; Word calls the file damaged.
    for root in (demo_doc.element, demo_doc.styles.element):
        for element in root.iter(qn(f"w:{tag}")):
            children = [child.tag.rsplit("}", 1)[-1] for child in element]
            positions = [order.index(name) for name in children]
            assert positions == sorted(positions), f"{tag}: {children}"
            assert len(set(children)) == len(children), f"{tag} repeats a child: {children}"
