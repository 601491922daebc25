"""More variants of each class of damage issue 13 lists, written apart from the first examples (the product is
measured again on real plans that are not in the repository): other provinces broken across lines, other
enacting verbs, other spaced symbols, other units and recipients with a hyphen, other signature blocks in bold,
other interleaved PDF tails, other closing sentences, and other ways Word numbers a plan's lists."""

import pytest

from tuyentruyen.plans.importer import parse_plan_file, parse_plan_text
from tuyentruyen.plans.importer.citations import find_citations
from tuyentruyen.plans.tests.test_importer_damage import BASIS, BODY, HEAD, SHAPES, TAIL, read
from tuyentruyen.plans.tests.test_importer_word_numbering import build_docx, level

# --- a legal basis broken across lines ---------------------------------------------------------------------

BROKEN = [
    (["Căn cứ Quyết định số 88/QĐ-UBND ngày 20/02/2026 của Ủy ban nhân dân tỉnh Thừa Thiên",
      "Huế về tuyên truyền cải cách hành chính;"], {"issuer": "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "number": "88/QĐ-UBND"}),
    (["Căn cứ Thông tư số 05/2026/TT-BNV ngày 10/3/2026 của Bộ Nội", "vụ hướng dẫn tuyên truyền cải cách hành chính;"],
     {"issuer": "Bộ Nội vụ", "number": "05/2026/TT-BNV"}),
    (["Căn cứ Kế hoạch số 77/KH-UBND ngày 08/01/2026 của UBND tỉnh Bà Rịa -",
      "Vũng Tàu về cải cách hành chính năm 2026;"], {"number": "77/KH-UBND", "date": "2026-01-08"}),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("lines", "expected"), BROKEN)
def test_a_broken_basis_keeps_its_end(shape, lines, expected):
    bases = read(HEAD + [BASIS, *lines] + BODY + TAIL, shape)["legal_bases"]
    assert len(bases) == 2
    assert {k: bases[1][k] for k in expected} == expected


# --- the enacting sentence -----------------------------------------------------------------------------

ENACTING = [
    ["Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về cải cách hành chính năm 2026. Ủy ban nhân dân "
     "phường Hải Châu xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:"],
    ["Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về cải cách hành chính năm 2026, UBND xã Tân Phú "
     "ban hành kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:"],
    ["Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh về cải cách hành chính năm 2026;",
     "Ủy ban nhân dân xã Tân", "Phú ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:"],
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("lines", ENACTING)
def test_the_enacting_sentence_leaves_the_last_basis(shape, lines):
    bases = read(HEAD + lines + BODY + TAIL, shape)["legal_bases"]
    assert len(bases) == 1
    assert bases[0]["title"].startswith("cải cách hành chính năm 2026")
    assert "ban hành" not in bases[0]["title"] and "xây dựng" not in bases[0]["title"]


# --- a symbol with a space for its hyphen -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "number"), [
    ("Căn cứ Kế hoạch số 18/KH UBND ngày 05/01/2026 của UBND tỉnh về cải cách hành chính;", "18/KH-UBND"),
    ("Căn cứ Quyết định số 1291/QĐ BNV ngày 24/12/2025 của Bộ Nội vụ về chỉ số cải cách hành chính;", "1291/QĐ-BNV"),
    ("Căn cứ Chỉ thị số 02/CT TTg ngày 09/01/2026 của Thủ tướng Chính phủ về cải cách hành chính;", "02/CT-TTg"),
    ("Căn cứ Nghị quyết số 12/2025/NQ HĐND ngày 10/12/2025 của Hội đồng nhân dân tỉnh về cải cách hành chính;",
     "12/2025/NQ-HĐND"),
])
def test_a_spaced_symbol_is_read_whole(text, number):
    found = find_citations(text)
    assert found and found[0]["number"] in (number, number.replace("-", " "))


# --- a unit or recipient whose name holds " - " ------------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
def test_names_with_a_hyphen_stay_whole(shape):
    body = BODY[:-4] + ["1. Phòng Văn hóa - Xã hội", "- Chủ trì tham mưu triển khai kế hoạch.",
                        "2. Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội xã",
                        "- Phối hợp tuyên truyền đến đoàn viên, hội viên."]
    tail = ["Nơi nhận:", "- UBND tỉnh;", "- Các tổ chức chính trị - xã hội xã;", "- Lưu: VT."] + TAIL[3:]
    plan = read(HEAD + [BASIS] + body + tail, shape)
    assert [r["unit"] for r in plan["responsibilities"]] == [
        "Phòng Văn hóa - Xã hội", "Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội xã"]
    assert "Các tổ chức chính trị - xã hội xã" in [r["name"] for r in plan["recipients"]]


# --- signature blocks set in bold in Markdown -----------------------------------------------------------------

@pytest.mark.parametrize(("signature", "expected"), [
    ("**TM. ỦY BAN NHÂN DÂN  \nCHỦ TỊCH**\n\n**Trần Văn Nam**",
     {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Trần Văn Nam"}),
    ("**KT. CHỦ TỊCH**  \n**PHÓ CHỦ TỊCH**\n\n*(Đã ký)*\n\n**Lê Thị Hoa**",
     {"deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Lê Thị Hoa"}),
    ("**TL. CHỦ TỊCH  \nCHÁNH VĂN PHÒNG**\n\nNguyễn Thị Mai",
     {"deputy": "TL. CHỦ TỊCH", "title": "CHÁNH VĂN PHÒNG", "name": "Nguyễn Thị Mai"}),
])
def test_a_bold_markdown_signature_keeps_every_line_without_asterisks(signature, expected):
    md = "\n\n".join(HEAD + [BASIS] + BODY) + "\n\n**Nơi nhận:**\n\n- UBND tỉnh;\n- Lưu: VT.\n\n" + signature + "\n"
    plan = parse_plan_file(md.encode(), "ke-hoach.md")
    assert {k: plan["signer"][k] for k in expected} == expected
    assert not any("*" in (v or "") for v in plan["signer"].values())
    assert [r["name"] for r in plan["recipients"]] == ["UBND tỉnh", "Lưu: VT"]


# --- a PDF's text layer interleaving the recipients and the signer --------------------------------------------

@pytest.mark.parametrize("tail", [
    ["Nơi nhận:                                   KT. CHỦ TỊCH",
     "- UBND tỉnh (b/c);                         PHÓ CHỦ TỊCH", "- Lưu: VT.", "", "Lê Thị Hoa"],
    ["Nơi nhận:", "KT. CHỦ TỊCH", "- UBND tỉnh (b/c);", "PHÓ CHỦ TỊCH", "- Lưu: VT.", "Lê Thị Hoa"],
    ["TM. ỦY BAN NHÂN DÂN", "Nơi nhận:", "CHỦ TỊCH", "- Như trên;", "- Lưu: VT, VHXH.", "Trần Văn Nam"],
    ["Nơi nhận:", "- UBND tỉnh (b/c);", "- KT. CHỦ TỊCH", "- Lưu: VT.", "PHÓ CHỦ TỊCH", "Lê Thị Hoa"],
])
def test_the_signer_lines_do_not_become_recipients(tail):
    plan = parse_plan_text("\n".join(HEAD + [BASIS] + BODY + tail))
    names = [r["name"] for r in plan["recipients"]]
    assert len(names) == 2 and not any("CHỦ TỊCH" in n or "TM." in n for n in names)
    assert plan["signer"]["title"] in ("CHỦ TỊCH", "PHÓ CHỦ TỊCH") and plan["signer"]["name"]
    assert plan["unplaced"] == []


# --- closing sentences are not the last unit's duty ----------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("closing", [
    "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2026 của UBND xã An Hòa; đề nghị các đơn vị "
    "nghiêm túc triển khai./.",
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
    "Ủy ban nhân dân xã An Hòa đề nghị các cơ quan, đơn vị phối hợp thực hiện./.",
    "Trong quá trình triển khai, nếu có vướng mắc, các đơn vị báo cáo về Ủy ban nhân dân xã (qua Văn phòng) để "
    "được hướng dẫn./.",
])
def test_a_closing_sentence_stays_out_of_the_duties(shape, closing):
    plan = read(HEAD + [BASIS] + BODY + [closing] + TAIL, shape)
    assert not any(closing[:30] in duty for r in plan["responsibilities"] for duty in r["duties"])
    assert any(closing in p for s in plan["sections"] for p in s["paragraphs"])


# --- Word's automatic numbering ---------------------------------------------------------------------------

HEAD_W = ["ỦY BAN NHÂN DÂN XÃ AN HÒA", "Số: 12/KH-UBND", "KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2026",
          "Căn cứ Kế hoạch số 45/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh;"]
TAIL_W = ["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"]
TOPICS = ["Kết quả cải cách thủ tục hành chính.", "Chuyển đổi số trong giải quyết thủ tục."]
CHANNELS = ["Trên hệ thống truyền thanh xã.", "Trên Cổng thông tin điện tử của xã.", "Tổ chức hội nghị, tập huấn."]
RESTART = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'


def _typed(topic_list, channel_list, duty):
    return HEAD_W + ["II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", "1. Nội dung tuyên truyền", *[(t, *topic_list) for t in TOPICS],
                     "2. Hình thức tuyên truyền", *[(t, *channel_list) for t in CHANNELS], "III. TỔ CHỨC THỰC HIỆN",
                     "1. Văn phòng HĐND và UBND xã", duty] + TAIL_W


WORD_PLANS = {
    # Every level automatic, the sub-items numbered "2.1." after their part's "2.".
    "legal levels": (HEAD_W + [
        ("NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", 1, 0), ("Nội dung tuyên truyền", 1, 1), *[(t, 1, 2) for t in TOPICS],
        ("Hình thức tuyên truyền", 1, 1), *[(t, 1, 2) for t in CHANNELS], ("TỔ CHỨC THỰC HIỆN", 1, 0),
        ("Văn phòng HĐND và UBND xã", 1, 1), ("Chủ trì tham mưu triển khai kế hoạch.", 1, 2)] + TAIL_W,
        {0: [level(0, "upperRoman", "%1."), level(1, "decimal", "%2."), level(2, "decimal", "%2.%3.")]},
        {1: (0, "")}, (["1.1", "1.2"], ["2.1", "2.2", "2.3"])),
    # Typed parts; the items are two lists of letters, the second restarted.
    "restarted letters": (_typed((5, 0), (6, 0), "- Chủ trì tham mưu triển khai kế hoạch."),
                          {3: [level(0, "lowerLetter", "%1)")]}, {5: (3, ""), 6: (3, RESTART)},
                          (["a", "b"], ["a", "b", "c"])),
    # The same, the second list continuing the first's count as Word shows it.
    "continued letters": (_typed((5, 0), (5, 0), "- Chủ trì tham mưu triển khai kế hoạch."),
                          {3: [level(0, "lowerLetter", "%1)")]}, {5: (3, "")}, (["a", "b"], ["c", "d", "e"])),
    # Automatic bullets for the items and the duty.
    "bullets": (_typed((7, 0), (7, 0), ("Chủ trì tham mưu triển khai kế hoạch.", 7, 0)),
                {4: [level(0, "bullet", "-")]}, {7: (4, "")}, ([None, None], [None, None, None])),
    # Only the Roman parts automatic.
    "roman parts": (HEAD_W + [("NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", 8, 0), "1. Nội dung tuyên truyền",
                              *["- " + t for t in TOPICS], "2. Hình thức tuyên truyền", *["- " + t for t in CHANNELS],
                              ("TỔ CHỨC THỰC HIỆN", 8, 0), "1. Văn phòng HĐND và UBND xã",
                              "- Chủ trì tham mưu triển khai kế hoạch."] + TAIL_W,
                    {5: [level(0, "upperRoman", "%1.")]}, {8: (5, "")}, ([None, None], [None, None, None])),
}


@pytest.mark.parametrize("name", list(WORD_PLANS))
def test_word_numbered_lists_keep_content_and_channels_apart(name):
    paragraphs, abstracts, nums, (topic_labels, channel_labels) = WORD_PLANS[name]
    plan = parse_plan_file(build_docx(paragraphs, abstracts, nums))
    assert [t["text"] for t in plan["topics"]] == TOPICS
    assert [c["text"] for c in plan["channels"]] == CHANNELS
    assert [t["label"] for t in plan["topics"]] == topic_labels
    assert [c["label"] for c in plan["channels"]] == channel_labels
    assert plan["responsibilities"] == [
        {"unit": "Văn phòng HĐND và UBND xã", "duties": ["Chủ trì tham mưu triển khai kế hoạch."]}]
