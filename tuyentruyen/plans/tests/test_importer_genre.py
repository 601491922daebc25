"""The genre's layouts: the parts are found by their headings' wording, at whatever level they sit.

Real plans put "Nội dung tuyên truyền" and "Hình thức tuyên truyền" under a Roman part ("II. NỘI DUNG
VÀ HÌNH THỨC TUYÊN TRUYỀN"), as Arabic parts of their own, as Markdown or Word headings, as bold lines
or as a bare line; their items are lettered, numbered or dashed. Each variant below is a plan written
in one of those layouts; all must give the same fields.
"""

import io
from pathlib import Path

import pytest
from docx import Document

from tuyentruyen.plans.importer import parse_plan_file, parse_plan_text
from tuyentruyen.plans.importer.citations import find_citations
from tuyentruyen.plans.importer.structure import channel_kinds, heading_roles
from tuyentruyen.plans.importer.timeframes import parse_timeframe

DEMO_MD = Path(__file__).resolve().parents[1] / "demo" / "ke-hoach-demo.md"

HEAD = """\
ỦY BAN NHÂN DÂN
XÃ AN LẠC
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Lạc, ngày 15 tháng 01 năm 2026

KẾ HOẠCH
Tuyên truyền cải cách hành chính nhà nước xã An Lạc năm 2026

Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;
Ủy ban nhân dân xã An Lạc ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:
"""

TAIL = """\
Trên đây là Kế hoạch tuyên truyền cải cách hành chính nhà nước xã An Lạc năm 2026./.

Nơi nhận:
- Sở Nội vụ (b/c);
- Lưu: VT, VHXH.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Bình
"""

PURPOSES = ["Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.",
            "Tạo sự đồng thuận của người dân, doanh nghiệp."]
REQUIREMENTS = ["Nội dung tuyên truyền bám sát kế hoạch; thông tin chính xác, kịp thời.",
                "Hình thức tuyên truyền đa dạng, phong phú."]
AUDIENCES = ["Cán bộ, công chức, viên chức các cơ quan, đơn vị thuộc xã.", "Người dân, doanh nghiệp trên địa bàn xã."]
TOPICS = ["Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030.",
          "Chỉ số hài lòng SIPAS và Chỉ số PAR INDEX của xã.",
          "Dịch vụ công trực tuyến và thanh toán không dùng tiền mặt."]
CHANNELS = ["Phát trên hệ thống truyền thanh cơ sở và loa thông minh.",
            "Đăng tin, bài trên Cổng thông tin điện tử và trang Zalo của xã.",
            "Treo băng rôn, khẩu hiệu tại trụ sở và các thôn."]
KINDS = [["radio"], ["portal", "social"], ["banner"]]
BUDGET = "Từ dự toán ngân sách xã năm 2026."
UNITS = [("Phòng Văn hóa - Xã hội", ["Chủ trì, theo dõi, tổng hợp kết quả."]),
         ("Trung tâm Phục vụ hành chính công", ["Hướng dẫn người dân nộp hồ sơ trực tuyến."])]

LETTERS = "abcdđeg"


def lettered(items):
    return "\n".join(f"{LETTERS[i]}) {text}" for i, text in enumerate(items))


def dashed(items):
    return "\n".join(f"- {text}" for text in items)


def numbered(items, prefix=""):
    return "\n".join(f"{prefix}{i}. {text}" for i, text in enumerate(items, start=1))


def roman_arabic_letters() -> str:
    """The lead's example: II. NỘI DUNG VÀ HÌNH THỨC → 1. Nội dung / 2. Hình thức → a) b) c)."""
    return HEAD + f"""\
I. MỤC ĐÍCH, YÊU CẦU VÀ ĐỐI TƯỢNG
1. Mục đích
{lettered(PURPOSES)}
2. Yêu cầu
{lettered(REQUIREMENTS)}
3. Đối tượng tuyên truyền
{dashed(AUDIENCES)}
II. NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN
1. Nội dung tuyên truyền
{lettered(TOPICS)}
2. Hình thức, phương pháp tuyên truyền
{lettered(CHANNELS)}
III. KINH PHÍ THỰC HIỆN
{BUDGET}
IV. TỔ CHỨC THỰC HIỆN
1. {UNITS[0][0]}
{dashed(UNITS[0][1])}
2. {UNITS[1][0]}
{dashed(UNITS[1][1])}
""" + TAIL


def arabic_dashes() -> str:
    """No Roman parts: Arabic parts whose items are dashes."""
    return HEAD + f"""\
1. Mục đích
{dashed(PURPOSES)}
2. Yêu cầu
{dashed(REQUIREMENTS)}
3. Đối tượng
{dashed(AUDIENCES)}
4. Nội dung
{dashed(TOPICS)}
5. Hình thức tuyên truyền
{dashed(CHANNELS)}
6. Kinh phí: {BUDGET}
7. Trách nhiệm thực hiện
7.1. {UNITS[0][0]}
{dashed(UNITS[0][1])}
7.2. {UNITS[1][0]}
{dashed(UNITS[1][1])}
""" + TAIL


def bare_lines() -> str:
    """Sub-parts named by a bare line of their own, items numbered."""
    return HEAD + f"""\
I. MỤC ĐÍCH, YÊU CẦU
Mục đích:
{dashed(PURPOSES)}
Yêu cầu:
{dashed(REQUIREMENTS)}
Đối tượng tuyên truyền:
{dashed(AUDIENCES)}
II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN
Nội dung tuyên truyền:
{numbered(TOPICS)}
Hình thức tuyên truyền:
{numbered(CHANNELS)}
III. KINH PHÍ
{BUDGET}
IV. TỔ CHỨC THỰC HIỆN
1. {UNITS[0][0]}
{dashed(UNITS[0][1])}
2. {UNITS[1][0]}
{dashed(UNITS[1][1])}
""" + TAIL


def markdown_headings() -> str:
    """Markdown: unnumbered headings, bold lines, numbered and dashed items."""
    head = "\n\n".join(HEAD.replace("ỦY BAN NHÂN DÂN\nXÃ AN LẠC", "**ỦY BAN NHÂN DÂN**  \n**XÃ AN LẠC**")
                       .replace("KẾ HOẠCH\n", "# KẾ HOẠCH\n\n").split("\n"))
    tail = "\n\n".join(TAIL.split("\n"))

    def md(items, marker):
        return "\n".join(f"{marker(i)} {text}" for i, text in enumerate(items, start=1))

    return head + f"""

## Mục đích, yêu cầu

### Mục đích

{md(PURPOSES, lambda i: '-')}

### Yêu cầu

{md(REQUIREMENTS, lambda i: '-')}

**Đối tượng tuyên truyền**

{md(AUDIENCES, lambda i: '-')}

## Nội dung và hình thức tuyên truyền

**Nội dung tuyên truyền**

{md(TOPICS, lambda i: f'{i}.')}

**Hình thức tuyên truyền**

{md(CHANNELS, lambda i: f'{i}.')}

## Kinh phí thực hiện

{BUDGET}

## Tổ chức thực hiện

### 1. {UNITS[0][0]}

{md(UNITS[0][1], lambda i: '-')}

### 2. {UNITS[1][0]}

{md(UNITS[1][1], lambda i: '-')}

""" + tail


def docx_word_headings() -> bytes:
    """Word: unnumbered Heading 1 / Heading 2 paragraphs, bold lines, lettered items as typed text."""
    document = Document()
    for line in HEAD.strip().split("\n"):
        document.add_paragraph(line)
    document.add_heading("MỤC ĐÍCH, YÊU CẦU", level=1)
    document.add_heading("Mục đích", level=2)
    for text in PURPOSES:
        document.add_paragraph(f"- {text}")
    document.add_heading("Yêu cầu", level=2)
    for text in REQUIREMENTS:
        document.add_paragraph(f"- {text}")
    document.add_paragraph().add_run("Đối tượng tuyên truyền").bold = True
    for text in AUDIENCES:
        document.add_paragraph(f"- {text}")
    document.add_heading("NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN", level=1)
    document.add_heading("Nội dung tuyên truyền", level=2)
    for i, text in enumerate(TOPICS):
        document.add_paragraph(f"{LETTERS[i]}) {text}")
    document.add_heading("Hình thức tuyên truyền", level=2)
    for i, text in enumerate(CHANNELS):
        document.add_paragraph(f"{LETTERS[i]}) {text}")
    document.add_heading("KINH PHÍ THỰC HIỆN", level=1)
    document.add_paragraph(BUDGET)
    document.add_heading("TỔ CHỨC THỰC HIỆN", level=1)
    for i, (unit, duties) in enumerate(UNITS, start=1):
        document.add_heading(f"{i}. {unit}", level=2)
        for duty in duties:
            document.add_paragraph(f"- {duty}")
    for line in TAIL.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


VARIANTS = {
    "roman-arabic-letters": lambda: parse_plan_text(roman_arabic_letters()),
    "arabic-dashes": lambda: parse_plan_text(arabic_dashes()),
    "bare-lines": lambda: parse_plan_text(bare_lines()),
    "pdf-text-layer": lambda: parse_plan_file(roman_arabic_letters().encode("utf-8"), "x.pdf"),
    "markdown-headings": lambda: parse_plan_text(markdown_headings()),
    "docx-word-headings": lambda: parse_plan_file(docx_word_headings(), "x.docx"),
}


@pytest.fixture(params=list(VARIANTS), scope="module")
def plan(request):
    return VARIANTS[request.param]()


def test_the_header_is_read(plan):
    assert plan["title"] == "Tuyên truyền cải cách hành chính nhà nước xã An Lạc năm 2026"
    assert plan["period"] == {"label": "năm 2026", "start": "2026-01-01", "end": "2026-12-31"}
    assert plan["number"] == "12" and plan["symbol"] == "KH-UBND"
    assert plan["place"] == "An Lạc" and plan["date"] == "2026-01-15"


def test_purposes_requirements_and_audiences(plan):
    assert plan["purposes"] == PURPOSES
    assert plan["requirements"] == REQUIREMENTS
    assert plan["audiences"] == AUDIENCES


def test_topics_are_the_items_under_the_content_heading(plan):
    assert [t["text"] for t in plan["topics"]] == TOPICS
    assert all(t["label"] in (None, "a", "b", "c", "1", "2", "3") for t in plan["topics"])


def test_channels_are_the_items_under_the_forms_heading(plan):
    assert [c["text"] for c in plan["channels"]] == CHANNELS
    assert [c["kinds"] for c in plan["channels"]] == KINDS


def test_budget_and_responsibilities(plan):
    assert plan["budget"] == BUDGET
    assert [(r["unit"], r["duties"]) for r in plan["responsibilities"]] == [(u, d) for u, d in UNITS]


def test_signer_and_recipients(plan):
    assert plan["signer"] == {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "deputy": None, "title": "CHỦ TỊCH",
                              "name": "Nguyễn Văn Bình"}
    assert [r["name"] for r in plan["recipients"]] == ["Sở Nội vụ", "Lưu: VT, VHXH"]


def test_the_demo_markdown_gives_its_eight_topics_and_channels():
    plan = parse_plan_file(DEMO_MD.read_bytes(), "ke-hoach-demo.md")
    assert [t["label"] for t in plan["topics"]] == list("abcdđegh")
    assert [c["label"] for c in plan["channels"]] == list("abcdđegh")
    assert len(plan["purposes"]) == 4 and len(plan["requirements"]) == 4 and len(plan["audiences"]) == 4
    assert plan["budget"].startswith("Kinh phí thực hiện Kế hoạch")
    assert len(plan["responsibilities"]) == 7
    assert plan["signer"] == {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "deputy": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                              "name": "Phạm Minh Đức"}


@pytest.mark.parametrize("heading,roles", [
    ("NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN", {"topics", "channels"}),
    ("Nội dung tuyên truyền", {"topics"}),
    ("Nội dung", {"topics"}),
    ("NỘI DUNG THỰC HIỆN", {"topics"}),
    ("Các nội dung tuyên truyền trọng tâm về cải cách hành chính", {"topics"}),
    ("Hình thức tuyên truyền", {"channels"}),
    ("Hình thức, phương pháp tuyên truyền", {"channels"}),
    ("Phương thức tuyên truyền:", {"channels"}),
    ("ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", {"audiences", "topics", "channels"}),
    ("Đối tượng tuyên truyền", {"audiences"}),
    ("MỤC ĐÍCH, YÊU CẦU", {"purposes", "requirements"}),
    ("Mục tiêu", {"purposes"}),
    ("Yêu cầu", {"requirements"}),
    ("Kinh phí thực hiện", {"budget"}),
    ("TỔ CHỨC THỰC HIỆN", {"responsibilities"}),
    ("Kinh phí: Từ nguồn ngân sách xã.", {"budget"}),
    # Items that open with a heading's words are not headings.
    ("Nội dung tuyên truyền bám sát kế hoạch; thông tin chính xác, kịp thời.", set()),
    ("Hình thức tuyên truyền đa dạng, phong phú.", set()),
    ("Nội dung công việc", set()),
    ("NHIỆM VỤ CỤ THỂ", set()),
    ("Phòng Văn hóa - Xã hội", set()),
])
def test_heading_roles(heading, roles):
    assert heading_roles(heading) == roles


def test_an_issuer_named_before_the_citations_holds_for_the_listed_documents():
    text = ("giải quyết TTHC theo đúng quy định của Chính phủ tại Nghị định số 45/2020/NĐ-CP và Nghị định số "
            "107/2021/NĐ-CP, làm sạch dữ liệu theo quy định của pháp luật tại Quyết định số 1/QĐ-UBND")
    assert [(c["number"], c["issuer"]) for c in find_citations(text)] == [
        ("45/2020/NĐ-CP", "Chính phủ"), ("107/2021/NĐ-CP", "Chính phủ"), ("1/QĐ-UBND", None)]


def test_a_two_part_timeframe_keeps_the_event_as_trigger():
    text = "Thời gian ban hành Kế hoạch theo yêu cầu của thành phố/thời gian thực hiện 6 tháng cuối năm 2025"
    assert parse_timeframe(text) == {
        "text": text, "start": "2025-07-01", "due": "2025-12-31", "recurrence": "none",
        "trigger": "Thời gian ban hành Kế hoạch theo yêu cầu của thành phố"}
    assert parse_timeframe("Quý IV/2025")["trigger"] is None


@pytest.mark.parametrize("text,kinds", [
    ("Công khai đầy đủ các TTHC tại Trung tâm Phục vụ hành chính công; cập nhật trên trang thông tin điện tử.",
     ["portal", "banner"]),
    ("Tổ chức các hình thức tuyên truyền trực tiếp và trực tuyến linh hoạt; họp thôn, tọa đàm.",
     ["conference", "meeting"]),
    ("Tuyên truyền trực tiếp với các tổ chức, cá nhân khi giải quyết thủ tục.", ["direct"]),
    ("Hướng dẫn trực tiếp tại Trung tâm Phục vụ hành chính công.", ["direct"]),
    ("Tổ chức cuộc thi tìm hiểu; hội nghị, tọa đàm.", ["conference", "contest"]),
])
def test_channel_kinds(text, kinds):
    assert channel_kinds(text) == kinds


SEPARATE_PARTS = HEAD + """\
I. MỤC ĐÍCH
- Mục đích một.
II. YÊU CẦU
- Yêu cầu một.
III. NỘI DUNG TUYÊN TRUYỀN
1. Tuyên truyền chủ trương của Đảng.
2. Tuyên truyền Chỉ số SIPAS.
IV. HÌNH THỨC TUYÊN TRUYỀN
- Trên loa truyền thanh.
- Trên Cổng thông tin điện tử.
V. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội
Chủ trì thực hiện.
""" + TAIL

RUN_IN = HEAD + """\
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích: Mục đích một.
2. Yêu cầu: Yêu cầu một.
II. NỘI DUNG, HÌNH THỨC
1. Nội dung tuyên truyền: tập trung vào các nội dung sau:
a) Tuyên truyền chủ trương của Đảng.
b) Tuyên truyền Chỉ số SIPAS.
2. Hình thức tuyên truyền: Trên loa truyền thanh và Cổng thông tin điện tử.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội: chủ trì thực hiện.
""" + TAIL

CAPS_UNLABELLED = HEAD + """\
MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Mục đích một.
2. Yêu cầu
- Yêu cầu một.
NỘI DUNG TUYÊN TRUYỀN
1. Tuyên truyền chủ trương của Đảng.
2. Tuyên truyền Chỉ số SIPAS.
HÌNH THỨC TUYÊN TRUYỀN
- Trên loa truyền thanh.
- Trên Cổng thông tin điện tử.
TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội
- Chủ trì thực hiện.
""" + TAIL


@pytest.mark.parametrize("text,topics,channels", [
    (SEPARATE_PARTS, ["Tuyên truyền chủ trương của Đảng.", "Tuyên truyền Chỉ số SIPAS."],
     ["Trên loa truyền thanh.", "Trên Cổng thông tin điện tử."]),
    (RUN_IN, ["Tuyên truyền chủ trương của Đảng.", "Tuyên truyền Chỉ số SIPAS."],
     ["Trên loa truyền thanh và Cổng thông tin điện tử."]),
    (CAPS_UNLABELLED, ["Tuyên truyền chủ trương của Đảng.", "Tuyên truyền Chỉ số SIPAS."],
     ["Trên loa truyền thanh.", "Trên Cổng thông tin điện tử."]),
], ids=["separate-parts", "run-in-headings", "caps-unlabelled"])
def test_more_layouts(text, topics, channels):
    plan = parse_plan_text(text)
    assert plan["purposes"] == ["Mục đích một."] and plan["requirements"] == ["Yêu cầu một."]
    assert [t["text"] for t in plan["topics"]] == topics
    assert [c["text"] for c in plan["channels"]] == channels
    assert plan["responsibilities"][0]["unit"] == "Phòng Văn hóa - Xã hội"
    assert plan["responsibilities"][0]["duties"] in (["Chủ trì thực hiện."], ["chủ trì thực hiện."])
