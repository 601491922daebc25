"""Classes of damage seen on real plans from other communes (issue 13), each on examples written here,
in the shapes the importer meets: a PDF's text layer (soft lines), Markdown, and DOCX paragraphs."""

import io

import pytest
from docx import Document

from tuyentruyen.plans.export import pdf
from tuyentruyen.plans.importer import parse_plan_file, parse_plan_text
from tuyentruyen.plans.importer.citations import find_citations

HEAD = [
    "ỦY BAN NHÂN DÂN XÃ AN HÒA", "Số: 12/KH-UBND", "An Hòa, ngày 05 tháng 7 năm 2026", "KẾ HOẠCH",
    "Tuyên truyền cải cách hành chính năm 2026",
]
BODY = [
    "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "- Nâng cao nhận thức của cán bộ, công chức.",
    "II. NỘI DUNG, HÌNH THỨC", "1. Nội dung tuyên truyền", "- Kết quả cải cách thủ tục hành chính.",
    "2. Hình thức tuyên truyền", "- Trên hệ thống truyền thanh xã.",
    "III. TỔ CHỨC THỰC HIỆN", "1. Văn phòng HĐND và UBND xã", "- Chủ trì tham mưu triển khai kế hoạch.",
    "2. Ủy ban MTTQ Việt Nam xã", "- Phối hợp tuyên truyền đến đoàn viên, hội viên.",
]
TAIL = ["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
BASIS = "Căn cứ Quyết định số 5/QĐ-UBND ngày 02/01/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính;"


def as_docx(lines: list[str]) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def read(lines: list[str], shape: str) -> dict:
    if shape == "text":
        return parse_plan_text("\n".join(lines))
    if shape == "docx":
        return parse_plan_file(as_docx(lines))
    if shape == "markdown":  # one paragraph per line, the letterhead and the document type in bold
        text = "\n\n".join(f"**{ln}**" if ln in HEAD[:1] + ["KẾ HOẠCH"] else ln for ln in lines)
        return parse_plan_file(text.encode("utf-8"), "ke-hoach.md")
    raise AssertionError(shape)


SHAPES = ["text", "docx", "markdown"]


# --- a legal basis broken across lines keeps its end ----------------------------------------------------

BROKEN_BASES = [
    (["Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh Ninh", "Bình về cải cách hành chính năm 2026;"],
     {"number": "45/KH-UBND", "issuer": "UBND tỉnh Ninh Bình", "title": "cải cách hành chính năm 2026"}),
    (["Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách",
      "Hành chính nhà nước giai đoạn 2021 - 2030;"],
     {"number": "76/NQ-CP", "issuer": "Chính phủ",
      "title": "Chương trình tổng thể cải cách Hành chính nhà nước giai đoạn 2021 - 2030"}),
    (["Căn cứ Quyết định số 12/QĐ-UBND ngày 03/02/2026 của Ủy ban nhân dân tỉnh Quảng", "Trị về kiện toàn Ban Chỉ đạo;"],
     {"number": "12/QĐ-UBND", "issuer": "Ủy ban nhân dân tỉnh Quảng Trị", "title": "kiện toàn Ban Chỉ đạo"}),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("lines", "expected"), BROKEN_BASES)
def test_a_legal_basis_broken_across_lines_keeps_its_end(shape, lines, expected):
    plan = read(HEAD + [BASIS, *lines] + BODY + TAIL, shape)
    basis = plan["legal_bases"][1]
    assert {k: basis[k] for k in expected} == expected
    assert len(plan["legal_bases"]) == 2
    assert plan["sections"][0]["paragraphs"][1].endswith(lines[1])


# --- the enacting sentence is not glued to the last basis ----------------------------------------------

ENACTING = [
    # Same paragraph after a semicolon.
    ["Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về cải cách hành chính năm 2026; Ủy ban nhân "
     "dân xã An Hòa ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:"],
    # Next line, the basis without its closing punctuation.
    ["Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về cải cách hành chính năm 2026",
     "Ủy ban nhân dân xã An Hòa ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:"],
    # The commune's name comes later in the sentence; the basis ends with a comma.
    ["Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về cải cách hành chính năm 2026, Ủy ban nhân "
     "dân xã ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 trên địa bàn xã An Hòa như sau:"],
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("lines", ENACTING)
def test_the_enacting_sentence_is_not_glued_to_the_last_basis(shape, lines):
    plan = read(HEAD + lines + BODY + TAIL, shape)
    assert [(b["number"], b["issuer"], b["title"]) for b in plan["legal_bases"]] == [
        ("45/KH-UBND", "UBND tỉnh", "cải cách hành chính năm 2026")]
    preamble = plan["sections"][0]["paragraphs"]
    assert preamble[-1].startswith("Ủy ban nhân dân xã") and "ban hành Kế hoạch" in preamble[-1]
    assert preamble[0].startswith("Căn cứ") and "ban hành" not in preamble[0]
    assert plan["issuer"] == "Ủy ban nhân dân xã An Hòa"


# --- a symbol written with a space for its hyphen ---------------------------------------------------

SPACED_SYMBOLS = [
    ("Căn cứ Quyết định số 749/QĐ TTg ngày 03/6/2020 của Thủ tướng Chính phủ", "749/QĐ-TTg", "Thủ tướng Chính phủ"),
    ("Thực hiện Kế hoạch số 08/KH UBND ngày 05/01/2026 của UBND tỉnh", "08/KH-UBND", "UBND tỉnh"),
    ("theo Nghị định số 45/2020/NĐ CP ngày 08/4/2020 của Chính phủ", "45/2020/NĐ-CP", "Chính phủ"),
    ("Căn cứ Chỉ thị số 23/CT TTg ngày 02/9/2021 của Thủ tướng", "23/CT-TTg", "Thủ tướng"),
    ("Căn cứ Kế hoạch số 08/KH BCĐ của Ban Chỉ đạo", "08/KH-BCĐ", "Ban Chỉ đạo"),
    # A capitalised word after the number is not part of its symbol.
    ("Căn cứ Kế hoạch số 08/KH-UBND Ban hành ngày 05/01/2026", "08/KH-UBND", None),
    ("Căn cứ Quyết định số 749/QĐ-TTg Thủ tướng Chính phủ", "749/QĐ-TTg", None),
]


@pytest.mark.parametrize(("text", "number", "issuer"), SPACED_SYMBOLS)
def test_a_symbol_written_with_a_space_keeps_its_tail(text, number, issuer):
    citation = find_citations(text)[0]
    assert citation["number"] == number
    assert citation["issuer"] == issuer


def test_a_spaced_symbol_in_a_plan_reaches_its_legal_basis():
    plan = read(HEAD + ["Căn cứ Quyết định số 749/QĐ TTg ngày 03/6/2020 của Thủ tướng Chính phủ;"] + BODY + TAIL,
                "text")
    assert plan["legal_bases"][0]["number"] == "749/QĐ-TTg"


# --- a unit name containing " - " ----------------------------------------------------------------------

UNIT = "Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội xã"


@pytest.mark.parametrize(("case", "tail", "expected"), [
    ("run-in list", ["Nơi nhận: - UBND tỉnh; - " + UNIT + "; - Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"],
     ["UBND tỉnh", UNIT, "Lưu: VT"]),
    ("hyphen opens a line", ["Nơi nhận:", "- UBND tỉnh;", "- Ủy ban MTTQ Việt Nam và các tổ chức chính trị",
                             "- xã hội xã;", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"],
     ["UBND tỉnh", UNIT, "Lưu: VT"]),
    ("one line", ["Nơi nhận:", "- UBND tỉnh;", "- " + UNIT + ";", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"],
     ["UBND tỉnh", UNIT, "Lưu: VT"]),
], ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("shape", SHAPES)
def test_a_recipient_with_a_hyphen_in_its_name_is_kept_whole(shape, case, tail, expected):
    plan = read(HEAD + [BASIS] + BODY + tail, shape)
    assert [r["name"] for r in plan["recipients"]] == expected


MD_PLAN = """**ỦY BAN NHÂN DÂN XÃ AN HÒA**

Số: 12/KH-UBND

# KẾ HOẠCH

**Tuyên truyền cải cách hành chính năm 2026**

Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh Ninh Bình về cải cách hành chính năm 2026;

## I. MỤC ĐÍCH, YÊU CẦU

### 1. Mục đích

- Nâng cao nhận thức.

## II. TỔ CHỨC THỰC HIỆN

{units}

{closing}

**Nơi nhận:**
- UBND tỉnh;
- Lưu: VT.

{signature}

Nguyễn Văn An
"""
MD_UNITS = "### 1. Văn phòng HĐND và UBND xã\n\n- Chủ trì tham mưu.\n\n### 2. " + UNIT + "\n\n- Phối hợp tuyên truyền."
MD_SIGNATURE = "**KT. CHỦ TỊCH**\n\n**PHÓ CHỦ TỊCH**"
MD_CLOSING = "Trên đây là Kế hoạch tuyên truyền của UBND xã An Hòa./."


def md(units=MD_UNITS, closing=MD_CLOSING, signature=MD_SIGNATURE) -> dict:
    return parse_plan_text(MD_PLAN.format(units=units, closing=closing, signature=signature))


@pytest.mark.parametrize("units", [
    "### 1. Văn phòng HĐND và UBND xã\n\n- Chủ trì tham mưu.\n\n### 2. Ủy ban MTTQ Việt Nam và các tổ chức chính "
    "trị\n- xã hội xã\n\n- Phối hợp tuyên truyền.",
    "1. Văn phòng HĐND và UBND xã\n\n- Chủ trì tham mưu.\n\n2. Ủy ban MTTQ Việt Nam và các tổ chức chính trị\n"
    "- xã hội xã\n\n- Phối hợp tuyên truyền.",
    MD_UNITS,
])
def test_a_markdown_unit_heading_with_a_hyphen_is_kept_whole(units):
    plan = md(units=units)
    assert [r["unit"] for r in plan["responsibilities"]] == ["Văn phòng HĐND và UBND xã", UNIT]
    assert plan["responsibilities"][1]["duties"] == ["Phối hợp tuyên truyền."]


def test_a_unit_heading_broken_at_its_hyphen_in_a_text_layer():
    body = BODY[:-2] + ["2. Ủy ban MTTQ Việt Nam và các tổ chức chính trị", "- xã hội xã",
                        "- Phối hợp tuyên truyền đến đoàn viên, hội viên."]
    plan = read(HEAD + [BASIS] + body + TAIL, "text")
    assert plan["responsibilities"][1] == {"unit": UNIT, "duties": ["Phối hợp tuyên truyền đến đoàn viên, hội viên."]}


# --- a Markdown signature block in bold over two lines ----------------------------------------------------

SIGNATURES = [
    ("**KT. CHỦ TỊCH  \nPHÓ CHỦ TỊCH**", {"deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"}),
    ("**KT. CHỦ TỊCH\\\nPHÓ CHỦ TỊCH**", {"deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"}),
    ("__KT. CHỦ TỊCH  \nPHÓ CHỦ TỊCH__", {"deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"}),
    ("**TM. ỦY BAN NHÂN DÂN  \nCHỦ TỊCH**", {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH"}),
    ("**TM. ỦY BAN NHÂN DÂN  \nKT. CHỦ TỊCH  \nPHÓ CHỦ TỊCH**",
     {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"}),
    ("**KT. CHỦ TỊCH**  \n**PHÓ CHỦ TỊCH**", {"deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"}),
]


@pytest.mark.parametrize(("signature", "expected"), SIGNATURES)
def test_a_bold_signature_block_over_several_lines(signature, expected):
    plan = md(signature=signature)
    signer = plan["signer"]
    assert {k: signer[k] for k in expected} == expected
    assert signer["name"] == "Nguyễn Văn An"
    assert not any("*" in (v or "") or "_" in (v or "") for v in signer.values())
    assert plan["unplaced"] == []


# --- the signer's column beside the recipients in a PDF text layer ----------------------------------------

PDF_TAILS = [
    ["Nơi nhận:       KT. CHỦ TỊCH", "- UBND tỉnh;      PHÓ CHỦ TỊCH", "- Lưu: VT.", "Nguyễn Văn An"],
    ["Nơi nhận: KT. CHỦ TỊCH", "- UBND tỉnh;", "PHÓ CHỦ TỊCH", "- Lưu: VT.", "Nguyễn Văn An"],
    ["Nơi nhận:       KT. CHỦ TỊCH", "- UBND tỉnh;      PHÓ CHỦ TỊCH", "- Lưu: VT.        Nguyễn Văn An"],
    ["KT. CHỦ TỊCH", "Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"],
]


@pytest.mark.parametrize("tail", PDF_TAILS)
def test_the_signer_column_of_a_pdf_does_not_land_in_the_recipients(tail):
    plan = read(HEAD + [BASIS] + BODY + tail, "text")
    assert [r["name"] for r in plan["recipients"]] == ["UBND tỉnh", "Lưu: VT"]
    assert plan["signer"] == {"on_behalf": None, "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                              "name": "Nguyễn Văn An"}


def test_the_recipients_own_capitals_are_not_taken_for_the_signer():
    tail = ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT, VP HĐND.", "CHỦ TỊCH", "Nguyễn Văn An"]
    plan = read(HEAD + [BASIS] + BODY + tail, "text")
    assert [r["name"] for r in plan["recipients"]] == ["Sở Nội vụ", "Lưu: VT, VP HĐND"]


# --- the closing sentence is not a duty of the last unit -------------------------------------------------

CLOSINGS = [
    "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2026 của UBND xã An Hòa./.",
    "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị triển khai thực hiện./.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về UBND xã để xem xét./.",
    "Ủy ban nhân dân xã yêu cầu các cơ quan, đơn vị thực hiện nghiêm túc Kế hoạch này./.",
    "Các cơ quan, đơn vị căn cứ Kế hoạch này triển khai thực hiện./.",
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("closing", CLOSINGS)
def test_the_closing_sentence_is_not_a_duty_of_the_last_unit(shape, closing):
    plan = read(HEAD + [BASIS] + BODY + [closing] + TAIL, shape)
    assert plan["responsibilities"][-1]["duties"] == ["Phối hợp tuyên truyền đến đoàn viên, hội viên."]
    assert plan["sections"][-1]["paragraphs"] == [closing]


@pytest.mark.parametrize("closing", CLOSINGS[:2])
def test_a_closing_sentence_glued_to_the_last_markdown_item(closing):
    plan = md(units="### 1. Văn phòng HĐND và UBND xã\n\n- Chủ trì tham mưu.\n" + closing, closing="")
    assert plan["responsibilities"] == [{"unit": "Văn phòng HĐND và UBND xã", "duties": ["Chủ trì tham mưu."]}]
    assert plan["sections"][-1]["paragraphs"] == [closing]


def test_a_labelled_last_duty_ending_the_document_stays_a_duty():
    body = BODY[:-1] + ["- Phối hợp tuyên truyền đến đoàn viên, hội viên./."]
    plan = read(HEAD + [BASIS] + body + TAIL, "text")
    assert plan["responsibilities"][-1]["duties"] == ["Phối hợp tuyên truyền đến đoàn viên, hội viên./."]


RUN_TOGETHER = [
    ("**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**", {"deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"}),
    ("**TM. ỦY BAN NHÂN DÂN**\n**CHỦ TỊCH**", {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH"}),
    ("**TM. ỦY BAN NHÂN DÂN**\n**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**",
     {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"}),
]


@pytest.mark.parametrize(("signature", "expected"), RUN_TOGETHER)
def test_a_signature_block_run_into_one_markdown_paragraph(signature, expected):
    signer = md(signature=signature)["signer"]
    assert {k: signer[k] for k in expected} == expected
    assert signer["name"] == "Nguyễn Văn An"


def test_the_signer_name_run_into_the_block_is_found():
    signer = md(signature="**KT. CHỦ TỊCH**\n**PHÓ CHỦ TỊCH**\nNguyễn Văn Bình").get("signer")
    assert signer["deputy"] == "KT. CHỦ TỊCH" and signer["title"] == "PHÓ CHỦ TỊCH"
    assert signer["name"] == "Nguyễn Văn Bình"


@pytest.mark.parametrize("tail", [
    ["Nơi nhận:", "KT. CHỦ TỊCH", "- UBND tỉnh;", "PHÓ CHỦ TỊCH", "- Lưu: VT.", "Nguyễn Văn An"],
    ["Nơi nhận:       KT. CHỦ TỊCH", "- UBND tỉnh;      PHÓ CHỦ TỊCH", "- Lưu: VT.      (Đã ký)", "Nguyễn Văn An"],
])
def test_signer_lines_between_the_recipients(tail):
    plan = read(HEAD + [BASIS] + BODY + tail, "text")
    assert [r["name"] for r in plan["recipients"]] == ["UBND tỉnh", "Lưu: VT"]
    assert plan["recipients"][1]["purpose"] is None
    assert plan["signer"] == {"on_behalf": None, "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                              "name": "Nguyễn Văn An"}


def test_a_docx_tail_aligned_with_tabs_keeps_the_two_columns_apart():
    tail = ["Nơi nhận:\t\t\tKT. CHỦ TỊCH", "- UBND tỉnh;\t\t\tPHÓ CHỦ TỊCH", "- Lưu: VT.", "\t\t\t\tNguyễn Văn An"]
    plan = read(HEAD + [BASIS] + BODY + tail, "docx")
    assert [r["name"] for r in plan["recipients"]] == ["UBND tỉnh", "Lưu: VT"]
    assert plan["signer"] == {"on_behalf": None, "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                              "name": "Nguyễn Văn An"}


@pytest.mark.parametrize(("cell", "expected"), [
    ("Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội xã", [UNIT]),
    ("Ủy ban MTTQ Việt Nam và các tổ chức chính trị -\nxã hội xã", [UNIT]),
    ("Ủy ban MTTQ Việt Nam và các tổ chức chính trị\n- xã hội xã", [UNIT]),
    ("Ủy ban MTTQ Việt Nam và các tổ chức\nchính trị - xã hội xã", [UNIT]),
    ("- Văn phòng HĐND và UBND xã\n- Phòng Văn hóa - Xã hội", ["Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội"]),
    ("Công an xã; Ban Chỉ huy Quân sự xã", ["Công an xã", "Ban Chỉ huy Quân sự xã"]),
])
def test_a_task_cell_keeps_a_unit_broken_at_its_hyphen(cell, expected):
    from tuyentruyen.plans.importer.tasks import split_units

    assert split_units(cell) == expected


@pytest.mark.skipif(not pdf.converter_available(),
                    reason="LibreOffice (soffice/libreoffice) is not installed on this machine: no real PDF to read")
def test_the_classes_through_a_real_pdf_text_layer():
    """A DOCX laid out and printed to PDF by LibreOffice, read back from its text layer."""
    lines = HEAD + [
        "Căn cứ Quyết định số 749/QĐ TTg ngày 03/6/2020 của Thủ tướng Chính phủ phê duyệt Chương trình Chuyển đổi số "
        "quốc gia đến năm 2025, định hướng đến năm 2030;",
        "Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh Ninh Bình về cải cách hành chính năm 2026",
        "Ủy ban nhân dân xã An Hòa ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:",
    ] + BODY[:-2] + [
        "2. " + UNIT, "- Phối hợp tuyên truyền đến đoàn viên, hội viên.",
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
        "Nơi nhận:\t\t\t\tKT. CHỦ TỊCH", "- UBND tỉnh;\t\t\t\tPHÓ CHỦ TỊCH", "- Lưu: VT.", "\t\t\t\t\tNguyễn Văn An",
    ]
    plan = parse_plan_file(pdf.convert_docx_to_pdf(as_docx(lines)))
    assert [(b["number"], b["issuer"]) for b in plan["legal_bases"]] == [
        ("749/QĐ-TTg", "Thủ tướng Chính phủ"), ("45/KH-UBND", "Ủy ban nhân dân tỉnh Ninh Bình")]
    assert plan["legal_bases"][1]["title"] == "cải cách hành chính năm 2026"
    assert plan["responsibilities"][1] == {"unit": UNIT, "duties": ["Phối hợp tuyên truyền đến đoàn viên, hội viên."]}
    assert plan["sections"][-1]["paragraphs"] == ["Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./."]
    assert [r["name"] for r in plan["recipients"]] == ["UBND tỉnh", "Lưu: VT"]
    assert plan["signer"] == {"on_behalf": None, "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                              "name": "Nguyễn Văn An"}


@pytest.mark.parametrize("shape", SHAPES)
def test_an_unlabelled_last_duty_of_one_unit_stays_its_duty(shape):
    body = BODY + ["3. Công an xã", "Chủ trì bảo đảm an ninh khi triển khai kế hoạch./."]
    plan = read(HEAD + [BASIS] + body + TAIL, shape)
    assert plan["responsibilities"][-1] == {"unit": "Công an xã",
                                            "duties": ["Chủ trì bảo đảm an ninh khi triển khai kế hoạch./."]}


@pytest.mark.parametrize(("line", "number", "symbol"), [
    ("Số: 12/KH-UBND", "12", "KH-UBND"),
    ("Số: 12/KH UBND", "12", "KH-UBND"),
    ("Số: 07/KH BCĐ", "07", "KH-BCĐ"),
    ("Số: 12/KH-UBND An Hòa, ngày 05 tháng 7 năm 2026", "12", "KH-UBND"),
    ("Số: 12/KH UBND An Hòa, ngày 05 tháng 7 năm 2026", "12", "KH-UBND"),
])
@pytest.mark.parametrize("shape", ["text", "docx"])
def test_the_plans_own_number_with_a_spaced_symbol(shape, line, number, symbol):
    head = [HEAD[0], line, *HEAD[2:]]
    plan = read(head + [BASIS] + BODY + TAIL, shape)
    assert (plan["number"], plan["symbol"]) == (number, symbol)
