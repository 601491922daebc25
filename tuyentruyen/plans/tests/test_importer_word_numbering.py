"""Word's automatic list numbering read as the labels a reader sees (numbering.xml, styles, restarts)."""

import io

import pytest
from docx import Document
from docx.oxml import parse_xml

from tuyentruyen.plans.importer import parse_plan_file
from tuyentruyen.plans.importer.extract import extract

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def level(ilvl, fmt, text, start=1, extra=""):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def numbering_xml(abstracts: dict[int, list[str]], nums: dict[int, tuple[int, str]]) -> str:
    """``abstracts``: id → level XML; ``nums``: numId → (abstract id, extra XML such as lvlOverride)."""
    body = "".join(f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'
                   for aid, levels in abstracts.items())
    body += "".join(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{extra}</w:num>'
                    for nid, (aid, extra) in nums.items())
    return f'<w:numbering xmlns:w="{W_NS}">{body}</w:numbering>'


def build_docx(paragraphs, abstracts, nums, styles: dict[str, tuple[int, int | None]] | None = None) -> bytes:
    """``paragraphs``: text, or (text, numId, ilvl), or (text, "style:ID"). ``styles``: style id → (numId, ilvl)."""
    doc = Document()
    numbering = doc.part.numbering_part
    numbering._element = parse_xml(numbering_xml(abstracts, nums))
    for sid, (num_id, ilvl) in (styles or {}).items():
        ilvl_xml = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        doc.styles.element.append(parse_xml(
            f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/>'
            f'<w:basedOn w:val="Normal"/><w:pPr><w:numPr>{ilvl_xml}<w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
            f'</w:style>'))
    for item in paragraphs:
        if isinstance(item, str):
            doc.add_paragraph(item)
            continue
        text, *how = item
        p = doc.add_paragraph(text)
        p_pr = p._p.get_or_add_pPr()
        if isinstance(how[0], str) and how[0].startswith("style:"):
            p_pr.append(parse_xml(f'<w:pStyle xmlns:w="{W_NS}" w:val="{how[0][6:]}"/>'))
            p_pr.insert(0, p_pr[-1])
            continue
        num_id, ilvl = how
        p_pr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
                              f'</w:numPr>'))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def labels(data: bytes) -> list[str]:
    return [b.text for b in extract(data).blocks]


# --- how each level pattern renders ------------------------------------------------------------------

PATTERNS = [
    # (format, lvlText, start, expected labels of three paragraphs)
    ("decimal", "%1.", 1, ["1. x", "2. x", "3. x"]),
    ("decimal", "%1)", 1, ["1) x", "2) x", "3) x"]),
    ("lowerLetter", "%1)", 1, ["a) x", "b) x", "c) x"]),
    ("upperLetter", "%1.", 1, ["A. x", "B. x", "C. x"]),
    ("upperRoman", "%1.", 1, ["I. x", "II. x", "III. x"]),
    ("lowerRoman", "(%1)", 1, ["(i) x", "(ii) x", "(iii) x"]),
    ("decimal", "%1.", 4, ["4. x", "5. x", "6. x"]),
    ("decimalZero", "%1.", 8, ["08. x", "09. x", "10. x"]),
    ("bullet", "-", 1, ["- x", "- x", "- x"]),
    ("bullet", "\uf0b7", 1, ["- x", "- x", "- x"]),
    ("none", "", 1, ["x", "x", "x"]),
    ("decimal", "Mục %1:", 1, ["Mục 1: x", "Mục 2: x", "Mục 3: x"]),
]


@pytest.mark.parametrize(("fmt", "text", "start", "expected"), PATTERNS)
def test_level_patterns_render_as_printed(fmt, text, start, expected):
    data = build_docx([("x", 1, 0)] * 3, {0: [level(0, fmt, text, start)]}, {1: (0, "")})
    assert labels(data) == expected


def test_multilevel_patterns_and_deeper_levels_restart_under_a_new_parent():
    abstract = [level(0, "decimal", "%1."), level(1, "decimal", "%1.%2."), level(2, "lowerLetter", "%3)")]
    paras = [("A", 1, 0), ("B", 1, 1), ("C", 1, 2), ("D", 1, 2), ("E", 1, 1), ("F", 1, 0), ("G", 1, 1),
             ("H", 1, 2)]
    assert labels(build_docx(paras, {0: abstract}, {1: (0, "")})) == [
        "1. A", "1.1. B", "a) C", "b) D", "1.2. E", "2. F", "2.1. G", "a) H"]


def test_legal_numbering_shows_every_level_in_decimal():
    abstract = [level(0, "upperRoman", "%1."), level(1, "decimal", "%1.%2.", extra="<w:isLgl/>")]
    assert labels(build_docx([("A", 1, 0), ("B", 1, 1)], {0: abstract}, {1: (0, "")})) == ["I. A", "1.1. B"]


RESTARTS = [
    # Two instances of one definition continue each other, as in Word.
    ("shared counters", "", ["a) A", "b) B", "c) C"]),
    # An instance with startOverride starts again from its value.
    ("startOverride", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>',
     ["a) A", "b) B", "a) C"]),
    ("startOverride at 5", '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>',
     ["a) A", "b) B", "e) C"]),
    # An instance that redefines the level entirely.
    ("lvl override", '<w:lvlOverride w:ilvl="0">' + level(0, "decimal", "%1.", 1) + "</w:lvlOverride>",
     ["a) A", "b) B", "1. C"]),
]


@pytest.mark.parametrize(("case", "override", "expected"), RESTARTS, ids=[r[0] for r in RESTARTS])
def test_restarts_through_a_second_instance(case, override, expected):
    data = build_docx([("A", 1, 0), ("B", 1, 0), ("C", 2, 0)], {0: [level(0, "lowerLetter", "%1)")]},
                      {1: (0, ""), 2: (0, override)})
    assert labels(data) == expected


def test_numbering_given_by_the_paragraph_style():
    abstract = [level(0, "upperRoman", "%1."), level(1, "decimal", "%2.")]
    data = build_docx([("MỤC ĐÍCH", "style:Muc1"), ("Mục đích", "style:Muc2"), ("Yêu cầu", "style:Muc2"),
                       ("NỘI DUNG", "style:Muc1"), ("Nội dung", "style:Muc2")],
                      {0: abstract}, {3: (0, "")}, styles={"Muc1": (3, 0), "Muc2": (3, 1)})
    assert labels(data) == ["I. MỤC ĐÍCH", "1. Mục đích", "2. Yêu cầu", "II. NỘI DUNG", "1. Nội dung"]


def test_unknown_instance_or_level_gives_no_label():
    data = build_docx([("A", 9, 0), ("B", 1, 4), ("C", 0, 0)], {0: [level(0, "decimal", "%1.")]}, {1: (0, "")})
    assert labels(data) == ["A", "B", "C"]


# --- a whole plan numbered by Word --------------------------------------------------------------------

PLAN_LEVELS = [level(0, "upperRoman", "%1."), level(1, "decimal", "%2."), level(2, "lowerLetter", "%3)"),
               level(3, "bullet", "-")]
RESTART_LETTERS = '<w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride>'


def auto_numbered_plan(variant: str) -> bytes:
    """The same plan with every label from numbering.xml: numbered directly, with the channels' letters
    restarted by a second instance, or with the parts numbered by their paragraph styles."""
    later = 2 if variant == "restarted" else 1
    paras = [
        "ỦY BAN NHÂN DÂN XÃ AN HÒA", "Số: 12/KH-UBND", "KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2026",
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh;",
        ("MỤC ĐÍCH, YÊU CẦU", 1, 0), ("Mục đích", 1, 1), ("Nâng cao nhận thức của cán bộ, công chức.", 1, 3),
        ("Yêu cầu", 1, 1), ("Bám sát chỉ đạo của cấp trên.", 1, 3),
        ("NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", 1, 0),
        ("Nội dung tuyên truyền", 1, 1),
        ("Kết quả cải cách thủ tục hành chính.", 1, 2), ("Chuyển đổi số trong giải quyết thủ tục.", 1, 2),
        ("Hình thức tuyên truyền", 1, 1),
        ("Trên hệ thống truyền thanh xã.", later, 2), ("Trên Cổng thông tin điện tử của xã.", later, 2),
        ("Tổ chức hội nghị, tập huấn.", later, 2),
        ("TỔ CHỨC THỰC HIỆN", 1, 0), ("Văn phòng HĐND và UBND xã", 1, 1),
        ("Chủ trì tham mưu triển khai kế hoạch.", 1, 3),
        "Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An",
    ]
    styles = None
    if variant == "styled":
        styles = {"Muc1": (1, 0), "Muc2": (1, 1)}
        paras = [(p[0], f"style:Muc{p[2] + 1}") if isinstance(p, tuple) and p[2] < 2 else p for p in paras]
    return build_docx(paras, {0: PLAN_LEVELS}, {1: (0, ""), 2: (0, RESTART_LETTERS)}, styles=styles)


@pytest.mark.parametrize("variant", ["direct", "restarted", "styled"])
def test_auto_numbered_plan_keeps_topics_and_channels_apart(variant):
    plan = parse_plan_file(auto_numbered_plan(variant))
    assert [t["text"] for t in plan["topics"]] == [
        "Kết quả cải cách thủ tục hành chính.", "Chuyển đổi số trong giải quyết thủ tục."]
    assert [t["label"] for t in plan["topics"]] == ["a", "b"]
    assert [c["text"] for c in plan["channels"]] == [
        "Trên hệ thống truyền thanh xã.", "Trên Cổng thông tin điện tử của xã.", "Tổ chức hội nghị, tập huấn."]
    assert [c["label"] for c in plan["channels"]] == ["a", "b", "c"]
    assert [c["kinds"] for c in plan["channels"]] == [["radio"], ["portal"], ["conference", "training"]]
    assert plan["purposes"] == ["Nâng cao nhận thức của cán bộ, công chức."]
    assert plan["requirements"] == ["Bám sát chỉ đạo của cấp trên."]
    assert plan["responsibilities"] == [
        {"unit": "Văn phòng HĐND và UBND xã", "duties": ["Chủ trì tham mưu triển khai kế hoạch."]}]
    assert [s["label"] for s in plan["sections"] if s["label"]] == ["I", "II", "III"]


def test_word_letters_past_e_stay_items():
    """Word counts a, b, c, d, e, f, g (no đ): "f)" is a label a reader sees, so the item stays an item."""
    items = [f"Hình thức số {i}: tuyên truyền trên loa." for i in range(1, 9)]
    paras = ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2026", ("NỘI DUNG, HÌNH THỨC", 1, 0),
             ("Nội dung tuyên truyền", 1, 1), ("Kết quả cải cách.", 1, 2), ("Hình thức tuyên truyền", 1, 1),
             *[(t, 2, 2) for t in items], ("TỔ CHỨC THỰC HIỆN", 1, 0)]
    plan = parse_plan_file(build_docx(paras, {0: PLAN_LEVELS}, {1: (0, ""), 2: (0, RESTART_LETTERS)}))
    assert [c["label"] for c in plan["channels"]] == list("abcdefgh")
    assert [c["text"] for c in plan["channels"]] == items
    assert [t["text"] for t in plan["topics"]] == ["Kết quả cải cách."]
