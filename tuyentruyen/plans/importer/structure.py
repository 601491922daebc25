"""Build the plan dictionary (plan.schema.json) from extracted blocks.

Steps: split off the annex (task catalogue) → join broken lines back into paragraphs → cut the document
into zones (header, title, preamble, body, closing, recipients, signature) → build the body's section
tree from the numbering → fill the fields from the zones and the tree. Every paragraph ends up in a
field, in the section tree, or in ``unplaced``.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ..document import blank_document
from .citations import find_citations, merge_citations
from .extract import Block, clean, join_lines
from .numbering import Label, split_label
from .tasks import TEXT_HEADER_RE, column_map, tasks_from_lines, tasks_from_rows
from .timeframes import parse_period

DOC_TYPE_RE = re.compile(r"^KẾ HOẠCH\b\.?$")
ANNEX_RE = re.compile(r"^(DANH MỤC|PHỤ LỤC|Phụ lục)\b")
PREAMBLE_RE = re.compile(
    r"^(Căn cứ|Thực hiện|Theo|Triển khai|Thi hành|Trên cơ sở|Nhằm|Để|Tiếp tục thực hiện|Qua|Xét)\b"
)
RECIPIENTS_RE = re.compile(r"^(Nơi nhận|NƠI NHẬN)\s*[:.]?\s*(?P<rest>.*)$")
CLOSING_RE = re.compile(r"^Trên đây (là|là toàn bộ)\b", re.IGNORECASE)
# Other closing sentences of the genre: "Yêu cầu các cơ quan, đơn vị ... thực hiện./.", "Trong quá trình thực
# hiện, nếu có khó khăn, vướng mắc ...". Only read as the closing when they end the body.
CLOSING_LEAD_RE = re.compile(
    r"^(?:Trên đây\b|Yêu cầu (?:các|thủ trưởng|Thủ trưởng|cán bộ|mọi)\b|Trong quá trình (?:tổ chức )?(?:thực hiện|triển khai)\b|"
    r"(?:[UỦ][ỷyỹ] ban nhân dân|UBND) (?:xã|phường|đặc khu)(?: [A-ZĐÀ-Ỹ][\wà-ỹ]*){0,4} (?:yêu cầu|đề nghị)\b)"
)
CLOSING_END_RE = re.compile(r"\./\.\s*$|\./\s*$")
# The sentence by which the commune issues the plan: "Ủy ban nhân dân xã An Hòa ban hành Kế hoạch ...".
ENACTING_RE = re.compile(
    r"(?<!của )(?:[UỦ][ỷyỹ] ban nhân dân|UBND) (?:xã|phường|đặc khu)(?: [A-ZĐÀ-Ỹ][\wà-ỹ]*){0,4} "
    r"(?:ban hành|xây dựng|triển khai)\s+[Kk]ế hoạch"
)
LEGAL_BASIS_RE = re.compile(r"^(?:Căn cứ|Thực hiện)\s")
SIGN_ON_BEHALF_RE = re.compile(r"^(TM|T/M|T\.M)\s*\.?\s+\S")
SIGN_DEPUTY_RE = re.compile(r"^(KT|K/T|TL|T/L|TUQ|Q|KT\.)\s*\.\s*\S|^(KT|TL|TUQ)\s+[A-ZĐ]")
SIGN_NOTE_RE = re.compile(r"^\(?\s*(đã ký|ký|ký tên|ký, ghi rõ họ tên|ký và đóng dấu)[^)]*\)?$", re.IGNORECASE)
MOTTO_RE = re.compile(
    r"CỘNG H[ÒO]A XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.IGNORECASE
)
ISSUER_RE = re.compile(
    r"(?:(?:[UỦ][ỶYỸ]|ỦY|UỶ|UỸ)\s+BAN\s+NHÂN\s+DÂN|UBND)\s+(?P<kind>XÃ|PHƯỜNG|ĐẶC KHU)\s+(?P<name>[^\d,]+?)\s*$",
    re.IGNORECASE,
)
ISSUER_ALONE_RE = re.compile(r"^(?:[UỦ][ỶYỸ]|ỦY|UỶ|UỸ)\s+BAN\s+NHÂN\s+DÂN$|^UBND$", re.IGNORECASE)
KIND_LINE_RE = re.compile(r"^(?P<kind>XÃ|PHƯỜNG|ĐẶC KHU)\s+(?P<name>[^\d,]+?)$")
# "Số: 12/KH-UBND", also with the hyphen written as a space ("12/KH UBND", "749/QĐ TTg").
NUMBER_RE = re.compile(
    r"Số\s*[:.]?\s*(?P<num>[\d.…_ ]*?)\s*/\s*(?P<sym>[A-ZĐ][A-ZĐa-z0-9&\-]*"
    r"(?:\s+[A-ZĐ][A-ZĐ0-9&]+[a-zđ]?(?![\wà-ỹ]))*)"
)
PLACE_DATE_RE = re.compile(
    r"(?P<place>[^\d,;:]{2,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
SENTENCE_END_RE = re.compile(r"(?:[.;:!?…]|\./\.)[\"”’)\]]*$")
CONNECTIVE_END_RE = re.compile(
    r"(?:[,\-–(/]|\b(?:và|của|các|về|tại|với|cho|trong|số|ngày|theo|hoặc|là|thuộc|như|những|được|đến|từ|trên|"
    r"để|do|bằng|qua|nhằm|vào|có|đã|sẽ|không|một))$",
    re.IGNORECASE,
)
KIND_WORDS = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}

CHANNEL_KINDS: list[tuple[str, tuple[str, ...]]] = [
    ("radio", ("truyền thanh", "phát thanh", "loa", "đài truyền", "phát sóng")),
    ("portal", ("cổng thông tin", "trang thông tin điện tử", "cổng/trang", "website", "trang tin")),
    ("social", ("mạng xã hội", "facebook", "zalo", "youtube", "fanpage", "tiktok", "nền tảng số", "mạng internet")),
    ("press", ("báo chí", "báo in", "báo điện tử", "cơ quan báo", "thông tin đại chúng", "truyền hình", "tạp chí")),
    ("video", ("phóng sự", "video", "clip", "phim tài liệu", "truyền hình")),
    ("banner", ("băng zôn", "băng rôn", "băng-rôn", "khẩu hiệu", "pano", "pa nô", "áp phích", "bảng điện tử",
                "bảng điện từ", "bảng tin", "trực quan", "poster", "màn hình", "biển", "panô", "niêm yết")),
    ("leaflet", ("tờ rơi", "tờ gấp", "sổ tay", "ấn phẩm", "cẩm nang", "tài liệu tuyên truyền", "tờ gập")),
    ("conference", ("hội nghị", "hội thảo", "tọa đàm", "toạ đàm", "nói chuyện", "diễn đàn", "đối thoại")),
    ("training", ("tập huấn", "bồi dưỡng", "đào tạo", "lớp học", "các lớp")),
    ("contest", ("cuộc thi", "hội thi", "thi tìm hiểu", "trắc nghiệm")),
    ("meeting", ("giao ban", "họp", "sinh hoạt", "khu dân cư", "chi bộ")),
    ("direct", ("cầm tay chỉ việc", "một cửa", "tiếp công dân")),
    ("performance", ("văn nghệ", "sân khấu", "biểu diễn", "tiểu phẩm")),
    ("film", ("chiếu phim", "phim lưu động", "đội chiếu bóng")),
    ("assistant", ("trợ lý ảo", "trí tuệ nhân tạo", "chatbot", "(ai)")),
]

DUTY_VERB_RE = re.compile(
    r"\s+(?=(?:chủ trì|phối hợp|chỉ đạo|tổ chức|thực hiện|tham mưu|hướng dẫn|tuyên truyền|có trách nhiệm|chịu trách nhiệm|"
    r"căn cứ|theo dõi|xây dựng|triển khai|cung cấp|đẩy mạnh|tăng cường|vận động|phổ biến|lồng ghép|giám sát|"
    r"quan tâm|tiếp tục|bố trí|cập nhật|kiểm tra)\b)"
)
UNIT_HEAD_RE = re.compile(
    r"^(?:Đề nghị\s+)?(?:Phòng|Văn phòng|Trung tâm|Các|Ủy ban|Uỷ ban|UBND|UBMTTQ|Mặt trận|MTTQ|Công an|Ban|Bộ phận|"
    r"Thủ trưởng|Trưởng|Đài|Trạm|Trường|Hội|Đoàn|Đảng ủy|Đảng uỷ|Công chức|Cán bộ|Chủ tịch|Lãnh đạo|Quân sự|"
    r"Bưu điện|Thôn|Tổ|Cơ quan|Đơn vị|Người đứng đầu|Sở|Chi cục|Kho bạc|Hợp tác xã|Bộ|Chi nhánh|Ngân hàng|"
    r"Thường trực|HĐND|Hội đồng|Công đoàn|Chi hội|Cựu chiến binh|Y tế|Ngành|Tòa|Viện)\b"
)


@dataclass
class Para:
    text: str
    heading: int | None = None  # Markdown heading level, or a Word heading's outline level + 1
    bold: bool = False  # the whole paragraph is set in bold (DOCX runs, Markdown **...**)
    label: tuple[str, str | None, str] | None = None  # Word's automatic label (kind, label, as printed)

    def own_label(self) -> Label | None:
        """The label at the start of the text, or Word's automatic one where a typed label would not stand."""
        found = split_label(self.text)
        if found is None and self.label and self.text.startswith(self.label[2]):
            kind, label, printed = self.label
            return Label(kind, label, clean(self.text[len(printed):]))
        return found


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _starts_lower(text: str) -> bool:
    ch = text[:1]
    return ch.isalpha() and ch.islower()


def _new_node(label: str | None, heading: str | None) -> dict:
    return {"label": label, "heading": heading, "paragraphs": [], "children": []}


# --- joining lines -------------------------------------------------------------------------------


def reflow(blocks: list[Block]) -> list[Para]:
    """Join the soft lines of a text layer back into paragraphs.

    A line continues the previous one unless it opens a numbered or dash item, the previous line ends
    a sentence, or the previous line stopped short although the next word would have fitted.
    """
    soft = [len(b.text) for b in blocks if not b.hard and len(b.text) >= 20]
    width = statistics.quantiles(soft, n=10)[8] if len(soft) >= 10 else 90.0
    followed_by_blank = sum(1 for i, b in enumerate(blocks[1:]) if b.blank_before and not blocks[i].hard)
    blanks_meaningful = followed_by_blank < 0.5 * max(1, sum(1 for b in blocks if not b.hard))
    paras: list[Para] = []
    prev_block: Block | None = None
    for i, block in enumerate(blocks):
        text = block.text
        if not block.hard and re.fullmatch(r"[-_=*.·•~]{3,}|\d{1,3}|-\s*\d{1,3}\s*-", text):
            continue  # separators and page numbers
        if block.hard or prev_block is None or not paras:
            paras.append(Para(text, block.heading, bool(block.extra.get("bold")), block.extra.get("label")))
        else:
            nxt = blocks[i + 1].text if i + 1 < len(blocks) else None
            if _continues(paras[-1].text, prev_block, block, nxt, width, blanks_meaningful):
                paras[-1].text = _join(paras[-1].text, text)
            else:
                paras.append(Para(text, block.heading, bool(block.extra.get("bold")), block.extra.get("label")))
        prev_block = block
    return paras


def _is_closing(text: str) -> bool:
    if split_label(text) is not None or _starts_lower(text):
        return False
    if CLOSING_LEAD_RE.match(text):
        return True
    # A sentence that closes the document ("./.") and speaks to everyone, not one unit's own duty.
    return bool(CLOSING_END_RE.search(text) and re.search(
        r"[Kk]ế hoạch này|nghiêm túc|\b(?:các|mọi) (?:cơ quan|đơn vị|ban, ngành|ngành|tổ chức)", text))


_GLUED_CLOSING_RE = re.compile(r"(?<=[.;!])\s+(?=Trên đây (?:là|là toàn bộ)\b)")


def split_glued_closing(paras: list[Para]) -> list[Para]:
    """'- Phối hợp ... hội viên. Trên đây là Kế hoạch ...': the closing sentence leaves the item it was glued to."""
    out: list[Para] = []
    for p in paras:
        parts = _GLUED_CLOSING_RE.split(p.text, maxsplit=1)
        if len(parts) == 2 and parts[0].strip():
            out += [Para(clean(parts[0]), p.heading, p.bold, p.label), Para(clean(parts[1]))]
        else:
            out.append(p)
    return out


def mend_preamble(paras: list[str]) -> list[str]:
    """Legal bases as they were written: one basis broken over two paragraphs is joined again ("... của
    UBND tỉnh Ninh" + "Bình về ..."), and the enacting sentence glued to the last basis stands alone."""
    pieces: list[str] = []
    for text in paras:
        m = ENACTING_RE.search(text)
        if m and m.start() > 0 and text[: m.start()].strip(" ;,."):
            pieces += [clean(text[: m.start()]), clean(text[m.start():])]
        else:
            pieces.append(text)
    out: list[str] = []
    for text in pieces:
        if (
            out
            and LEGAL_BASIS_RE.match(out[-1])
            and not SENTENCE_END_RE.search(out[-1])
            and not PREAMBLE_RE.match(text)
            and not ENACTING_RE.match(text)
            and split_label(text) is None
        ):
            out[-1] = _join(out[-1], text)
        else:
            out.append(text)
    return out


def _join(a: str, b: str) -> str:
    return join_lines([a, b])


def _continues(prev: str, prev_block: Block, block: Block, nxt: str | None, width: float, blanks: bool) -> bool:
    cur = block.text
    label = split_label(cur)
    if label is not None:
        if label.kind in ("dash", "plus") and _starts_lower(label.text) and not SENTENCE_END_RE.search(prev):
            return True  # "chính trị" / "- xã hội": a hyphen that fell at the start of a line
        return False
    if RECIPIENTS_RE.match(cur) or SIGN_ON_BEHALF_RE.match(cur) or SIGN_DEPUTY_RE.match(cur):
        return False
    if cur.startswith("Căn cứ ") or ENACTING_RE.match(cur) or CLOSING_RE.match(cur):
        return False
    if _looks_like_name(cur) and (nxt is None or prev_block.text.endswith(")")):
        return False  # the signer's name under the signature, not the tail of the line above
    last_line = prev_block.text
    if _is_caps(last_line) != _is_caps(cur) and not _starts_lower(cur):
        return False
    if _is_caps(last_line) and _is_caps(cur):
        return len(last_line) >= 0.75 * width and not SENTENCE_END_RE.search(last_line)
    if blanks and block.blank_before:
        return False
    if SENTENCE_END_RE.search(last_line):
        return _starts_lower(cur)
    if _starts_lower(cur) or cur[:1].isdigit() or cur[:1] in "(“\"'%":
        return True
    if CONNECTIVE_END_RE.search(last_line):
        return True
    # A short tail of a heading: "2. Văn phòng ..., Trung tâm" / "Phục vụ hành chính công xã" / "a) ..."
    if (
        split_label(prev) is not None
        and not SENTENCE_END_RE.search(cur)
        and len(cur) < 0.5 * width
        and (nxt is None or split_label(nxt) is not None)
    ):
        return True
    first_word = cur.split()[0]
    return len(last_line) + 1 + len(first_word) > width


# --- zones ---------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.plan: dict = blank_document()
        self.cited_texts: list[str] = []

    # The entry point.
    def build(self) -> dict:
        main, annex = self._split_annex(self.blocks)
        main_blocks, table_rows = self._separate_task_tables(main)
        paras = reflow(main_blocks)
        self._zones(paras)
        self._annex(annex, table_rows)
        references = merge_citations([c for t in self.cited_texts for c in find_citations(t)])
        own = self._own_number()
        # The plan naming itself ("Kèm theo Kế hoạch số 05/KH-UBND ..." over its annex) cites no document.
        self.plan["references"] = [c for c in references if not (own and c["type"] == "Kế hoạch" and
                                                                   (c["number"] or "").upper() == own)]
        return self.plan

    def _own_number(self) -> str | None:
        number, symbol = self.plan["number"], self.plan["symbol"]
        return f"{number}/{symbol}".upper() if number and symbol else None

    def _split_annex(self, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
        recipients_at = next((i for i, b in enumerate(blocks) if b.cells is None and RECIPIENTS_RE.match(b.text)), None)
        for i, b in enumerate(blocks):
            if b.cells is not None:
                continue
            after_recipients = recipients_at is not None and i > recipients_at
            if ANNEX_RE.match(b.text) and (
                after_recipients or any(TEXT_HEADER_RE.match(x.text) for x in blocks[i + 1 : i + 8])
            ):
                return blocks[:i], blocks[i:]
            if TEXT_HEADER_RE.match(b.text) and after_recipients:
                return blocks[:i], blocks[i:]
        return blocks, []

    def _separate_task_tables(self, blocks: list[Block]) -> tuple[list[Block], list[list[str]]]:
        """Task-table rows go to the task reader; other tables are read as lines, cell by cell."""
        out: list[Block] = []
        rows: list[list[str]] = []
        task_tables: set[int] = set()
        last_task_width = None
        for b in blocks:
            if b.cells is None:
                out.append(b)
                continue
            if b.table in task_tables:
                rows.append(b.cells)
                continue
            if column_map(b.cells) or (last_task_width == len(b.cells) and b.table is not None and rows and
                                       re.fullmatch(r"\d{1,3}\.?|[IVX]+\.?", clean(b.cells[0]) or "-")):
                task_tables.add(b.table)
                last_task_width = len(b.cells)
                rows.append(b.cells)
                continue
            for cell in b.cells:
                for line in cell.split("\n"):
                    if clean(line):
                        out.append(Block(clean(line), hard=True))
        return out, rows

    def _zones(self, paras: list[Para]) -> None:
        plan = self.plan
        paras = split_glued_closing(paras)
        texts = [p.text for p in paras]
        n = len(texts)
        doc_type_at = next((i for i, t in enumerate(texts[:25]) if DOC_TYPE_RE.match(t)), None)
        if doc_type_at is not None:
            plan["doc_type"] = "KẾ HOẠCH"
            header = list(range(doc_type_at))
            pos = doc_type_at + 1
        else:
            header = []
            pos = 0
            while pos < n and pos < 12 and self._is_header_line(texts[pos]):
                header.append(pos)
                pos += 1
        header_left = self._header(texts, header)

        # Title: the paragraphs after the document type until the preamble or the first heading.
        title_parts: list[str] = []
        j = pos
        while j < n and len(title_parts) < 4:
            t = texts[j]
            if PREAMBLE_RE.match(t) or split_label(t) or (_is_caps(t) and title_parts) or RECIPIENTS_RE.match(t):
                break
            if t.startswith(("(", "V/v", "Về việc")) and title_parts:
                title_parts.append(t)
            else:
                title_parts.append(t)
            j += 1
        has_title = bool(title_parts) and (doc_type_at is not None or (j < n and PREAMBLE_RE.match(texts[j])))
        if has_title:
            plan["title"] = clean(" ".join(title_parts))
            if doc_type_at is None:
                plan["doc_type"] = "KẾ HOẠCH" if re.search(r"\bkế hoạch\b", texts[j] if j < n else "", re.I) else ""
            pos = j
        plan["period"] = parse_period(plan["title"]) if plan["title"] else None

        # Preamble: until the first numbered heading.
        preamble: list[str] = []
        while pos < n:
            t = texts[pos]
            lab = split_label(t)
            if (lab and lab.kind in ("roman", "arabic", "decimal2")) or (_is_caps(t) and len(t) < 120) or \
                    paras[pos].heading or RECIPIENTS_RE.match(t) or CLOSING_RE.match(t):
                break
            if not PREAMBLE_RE.match(t) and not preamble and not has_title:
                break
            preamble.append(t)
            pos += 1
        preamble = mend_preamble(preamble)

        body_start = pos
        body_end = n
        for k in range(body_start, n):
            t = texts[k]
            if CLOSING_RE.match(t) or RECIPIENTS_RE.match(t) or SIGN_ON_BEHALF_RE.match(t) or \
                    (SIGN_DEPUTY_RE.match(t) and _is_caps(t)):
                body_end = k
                break
        # A closing sentence other than "Trên đây là ..." still ends the body when it is the last thing in it.
        while body_end - 1 > body_start and _is_closing(paras[body_end - 1].text):
            body_end -= 1
        sections, lead = self._tree(paras[body_start:body_end])
        if header_left:
            plan["sections"].append({"label": None, "heading": None, "paragraphs": header_left, "children": []})
        plan["legal_bases"] = merge_citations([c for t in preamble for c in find_citations(t)])
        if plan["issuer"] is None:
            self._issuer_from_preamble(preamble)
        if plan["period"] is None:
            for t in preamble:
                if re.search(r"(ban hành|xây dựng) kế hoạch", t, re.I):
                    plan["period"] = parse_period(t.split("ban hành")[-1])
        if not has_title and not sections and not preamble and doc_type_at is None:
            plan["unplaced"].extend(lead)  # not a plan: nothing to hang the text on
            lead = []
        if preamble or lead:
            plan["sections"].append({"label": None, "heading": None, "paragraphs": preamble + lead, "children": []})
        plan["sections"].extend(sections)
        self.cited_texts.extend([plan["title"], *preamble, *lead])
        self._walk_texts(sections)
        self._fill_from_tree(sections)
        self._tail(texts[body_end:])

    @staticmethod
    def _is_header_line(text: str) -> bool:
        return bool(
            MOTTO_RE.search(text) or ISSUER_RE.search(text) or ISSUER_ALONE_RE.match(text) or KIND_LINE_RE.match(text)
            or NUMBER_RE.search(text) or PLACE_DATE_RE.search(text) or re.match(r"^(UBND|ỦY BAN|UỶ BAN)\b", text)
            or re.fullmatch(r"(TỈNH|THÀNH PHỐ)\s+[A-ZĐÀ-Ỹ ]+", text)
        )

    def _header(self, texts: list[str], indexes: list[int]) -> list[str]:
        plan = self.plan
        left: list[str] = []
        for pos, i in enumerate(indexes):
            t = texts[i]
            rest = MOTTO_RE.sub(" ", t)
            consumed = rest != t
            m = NUMBER_RE.search(rest)
            if m and plan["symbol"] is None:
                num = re.sub(r"[^\d]", "", m.group("num"))
                plan["number"] = num or None
                plan["symbol"] = re.sub(r"\s+", "-", m.group("sym")).strip("-")
                rest = rest[: m.start()] + " " + rest[m.end():]
                consumed = True
            m = PLACE_DATE_RE.search(rest)
            if m and plan["place"] is None:
                plan["place"] = clean(m.group("place"))
                if m.group("d") and m.group("m"):
                    from .timeframes import _safe_date

                    d = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                    plan["date"] = d.isoformat() if d else None
                rest = rest[: m.start()] + " " + rest[m.end():]
                consumed = True
            rest = clean(rest)
            m = ISSUER_RE.search(rest)
            if m and plan["issuer"] is None:
                self._set_issuer(m.group("kind"), m.group("name"))
                rest = clean(rest[: m.start()])
                consumed = True
            elif ISSUER_ALONE_RE.match(rest) and plan["issuer"] is None:
                nxt = clean(MOTTO_RE.sub(" ", texts[indexes[pos + 1]])) if pos + 1 < len(indexes) else ""
                k = KIND_LINE_RE.match(nxt)
                if k:
                    self._set_issuer(k.group("kind"), k.group("name"))
                    rest = ""
                    consumed = True
            elif KIND_LINE_RE.match(rest) and plan["issuer"] is not None:
                rest = ""
            if rest and (not consumed or re.search(r"\w{2,}", rest)):
                left.append(rest)
        return left

    def _issuer_from_preamble(self, preamble: list[str]) -> None:
        """'Ủy ban nhân dân xã Vĩnh Bảo xây dựng kế hoạch ...' names the issuer; 'Ủy ban nhân dân xã ban
        hành Kế hoạch ... xã Nam Sách' names it too, with the commune's name later in the sentence."""
        for t in preamble:
            m = re.search(
                r"\b(?:[UỦ][ỷyỹ] ban nhân dân|UBND) (?P<kind>xã|phường|đặc khu)(?P<name>(?: [A-ZĐÀ-Ỹ][\wà-ỹ]*){0,4}) "
                r"(?:ban hành|xây dựng|triển khai)\s+(?:Kế hoạch|kế hoạch)(?P<rest>[^.;]*)",
                t,
            )
            if not m:
                continue
            name = clean(m.group("name"))
            if not name:
                named = re.search(rf"\b{m.group('kind')} ((?:[A-ZĐ][\wà-ỹ]*\s?){{1,4}})", m.group("rest"))
                name = clean(named.group(1)) if named else ""
            if name and all(w[:1].isupper() for w in name.split()):
                self._set_issuer(m.group("kind"), name)
                return

    def _set_issuer(self, kind_word: str, name: str) -> None:
        kind_word = kind_word.lower()
        name = clean(name)
        if name.isupper():
            name = " ".join(w.capitalize() for w in name.split())
        self.plan["issuer"] = f"Ủy ban nhân dân {kind_word} {name}"
        self.plan["commune"] = {"kind": KIND_WORDS[kind_word], "name": name}

    # --- the body tree ---------------------------------------------------------------------------

    def _tree(self, paras: list[Para]) -> tuple[list[dict], list[str]]:
        roots: list[dict] = []
        lead: list[str] = []
        stack: list[tuple[str, dict]] = []
        for p in paras:
            text = p.text
            lab = p.own_label()
            if lab is None and p.heading:
                kind, label, heading = f"h{p.heading}", None, text
            elif lab is None and _is_caps(text) and len(text) < 150:
                kind, label, heading = "caps", None, text
            elif lab is None and _is_plain_heading(text, p.bold):
                # "**Nội dung tuyên truyền**", or a bare "Hình thức tuyên truyền:" line in a text layer.
                kind, label, heading = "bold", None, text
            elif lab is not None:
                kind, label, heading = lab.kind, lab.label, lab.text
            else:
                if stack:
                    stack[-1][1]["paragraphs"].append(text)
                else:
                    lead.append(text)
                continue
            node = _new_node(label, heading)
            if kind in ("roman", "caps") or (kind.startswith("h") and kind[1:].isdigit()):
                # Top-level parts; Markdown headings nest by their level.
                if kind.startswith("h") and kind != "caps":
                    level = int(kind[1:])
                    while stack and not (stack[-1][0].startswith("h") and stack[-1][0] != "caps"
                                         and int(stack[-1][0][1:]) < level):
                        stack.pop()
                else:
                    while stack and not (stack[-1][0].startswith("h") and stack[-1][0] != "caps"):
                        stack.pop()
            elif kind == "bold":
                kinds = [k for k, _ in stack]
                if kind in kinds:
                    del stack[kinds.index(kind):]
                else:
                    # A heading closes the items before it, and a part that names another field:
                    # "### Yêu cầu" / "- ..." / "**Đối tượng tuyên truyền**" makes a sibling of "Yêu cầu".
                    while stack and stack[-1][0] in ITEM_KINDS:
                        stack.pop()
                    roles = heading_roles(heading)
                    if roles:
                        for i, (_, open_node) in enumerate(stack):
                            named = heading_roles(open_node["heading"])
                            if len(named) == 1 and not named & roles:
                                del stack[i:]
                                break
            else:
                kinds = [k for k, _ in stack]
                if kind in kinds:
                    del stack[kinds.index(kind):]
            (stack[-1][1]["children"] if stack else roots).append(node)
            stack.append((kind, node))
        return roots, lead

    def _walk_texts(self, nodes: list[dict]) -> None:
        for node in nodes:
            if node["heading"]:
                self.cited_texts.append(node["heading"])
            self.cited_texts.extend(node["paragraphs"])
            self._walk_texts(node["children"])

    def _fill_from_tree(self, roots: list[dict]) -> None:
        """Fill the item fields from the parts whose headings name them, at whatever level they sit."""
        plan = self.plan
        nodes = list(_iter_nodes(roots))

        def find_part(role: str, combined: bool = False) -> dict | None:
            return _with_run_in(find_part_node(nodes, role, combined))

        purposes = find_part("purposes")
        requirements = find_part("requirements")
        if purposes is None and requirements is None:
            # "I. MỤC ĐÍCH, YÊU CẦU" with no sub-parts: its items are read as purposes.
            purposes = find_part("purposes", combined=True)
        if purposes is not None:
            plan["purposes"] = _items(purposes)
        if requirements is not None:
            plan["requirements"] = _items(requirements)
        audiences = find_part("audiences")
        if audiences is not None:
            plan["audiences"] = _items(audiences)
        topics = find_part("topics")
        channels = find_part("channels")
        if topics is None and channels is None:
            # "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN" with no sub-parts: its items are read as topics.
            topics = find_part("topics", combined=True)
        if topics is not None:
            plan["topics"] = _labelled(topics)
        if channels is not None:
            plan["channels"] = [dict(item, kinds=channel_kinds(item["text"])) for item in _labelled(channels)]
        budget = find_part("budget")
        if budget is not None:
            plan["budget"] = clean(" ".join(_items(budget))) or None
        duty_root = find_part("responsibilities")
        if duty_root is not None:
            plan["responsibilities"] = _responsibilities(duty_root)

    # --- closing, recipients, signature ----------------------------------------------------------

    def _tail(self, texts: list[str]) -> None:
        plan = self.plan
        closing: list[str] = []
        signer = {"on_behalf": None, "deputy": None, "title": None, "name": None}
        in_recipients = False
        recipient_raw = ""
        opened = False  # the recipients' list has begun
        pieces = [(part, len(parts) > 1) for text in texts for parts in [split_signature_column(text)] for part in parts]
        for t, beside in pieces:
            m = RECIPIENTS_RE.match(t)
            if m:
                in_recipients = opened = True
                rest = clean(m.group("rest"))
                if rest:
                    # "- UBND tỉnh; - các tổ chức chính trị - xã hội xã;": an item opens after a stop only.
                    for part in re.split(r"(?:^|(?<=[;,.:]))\s*[-+]\s+", rest):
                        if clean(part):
                            plan["recipients"].append(_recipient(part))
                continue
            lab = split_label(t)
            # A PDF's text layer interleaves the two columns: a dash item after the signer's title, before
            # the name, is still a recipient.
            listing = in_recipients or (opened and not signer["name"])
            if listing and lab is not None and lab.kind in ("dash", "plus", "bullet"):
                name = _SIGNER_NAME_TAIL_RE.search(lab.text) if signer["title"] and not signer["name"] else None
                if name:  # "- Lưu: VT. Nguyễn Văn An": the signer's name from the right column of a PDF
                    signer["name"] = name.group("name")
                    lab = split_label(t[: len(t) - len(name.group(0))])
                if lab is not None and lab.kind in ("dash", "plus", "bullet") and lab.text[:1].islower() and \
                        plan["recipients"] and not re.search(r"[;.,]\W*$", recipient_raw):
                    last = plan["recipients"][-1]  # "- các tổ chức chính trị" / "- xã hội xã;"
                    last["name"] = _recipient(f"{recipient_raw} - {lab.text}")["name"]
                    recipient_raw = f"{recipient_raw} - {lab.text}"
                elif lab is not None:
                    plan["recipients"].append(_recipient(lab.text))
                    recipient_raw = lab.text
                continue
            if in_recipients and plan["recipients"] and _starts_lower(t):
                last = plan["recipients"][-1]
                last["name"] = clean(last["name"] + " " + t)
                continue
            if SIGN_ON_BEHALF_RE.match(t) and signer["on_behalf"] is None:
                signer["on_behalf"] = _sign_text(t)
                in_recipients = in_recipients and beside
                continue
            if SIGN_DEPUTY_RE.match(t) and _is_caps(t) and signer["deputy"] is None:
                signer["deputy"] = _sign_text(t)
                in_recipients = in_recipients and beside
                continue
            if _is_caps(t) and len(t) < 60 and signer["title"] is None and (
                plan["recipients"] or signer["on_behalf"] or signer["deputy"] or re.search(r"CHỦ TỊCH|TRƯỞNG", t)
            ):
                signer["title"] = t
                in_recipients = in_recipients and beside
                continue
            if signer["title"] and signer["name"] is None and _looks_like_name(t):
                signer["name"] = t
                continue
            if SIGN_NOTE_RE.match(t) or re.fullmatch(r"\(?\s*đã ký\s*\)?", t, re.I):
                plan["unplaced"].append(t)
                continue
            if not plan["recipients"] and not any(signer.values()):
                closing.append(t)
                continue
            plan["unplaced"].append(t)
        if closing:
            plan["sections"].append({"label": None, "heading": None, "paragraphs": closing, "children": []})
            self.cited_texts.extend(closing)
        if any(signer.values()):
            plan["signer"] = signer

    # --- annex -----------------------------------------------------------------------------------

    def _annex(self, annex: list[Block], table_rows: list[list[str]]) -> None:
        plan = self.plan
        period = plan["period"]
        tasks: list[dict] = []
        groups: list[dict] = []
        paragraphs: list[str] = []
        if table_rows:
            t, g, left = tasks_from_rows(table_rows, period)
            tasks += t
            groups += g
            paragraphs += left
        if annex:
            lines = [b for b in annex if b.cells is None]
            rows = [b.cells for b in annex if b.cells is not None]
            heading = lines[0].text if lines else None
            header_at = next((i for i, b in enumerate(lines) if TEXT_HEADER_RE.match(b.text)), None)
            intro_end = header_at if header_at is not None else len(lines)
            paragraphs += [b.text for b in lines[1:intro_end]]
            if header_at is not None:
                k = header_at
                body_lines = [b.text for b in lines[header_at:]]
                first_row = next(
                    (i for i, t in enumerate(body_lines) if re.match(r"^(\d{1,3}|[IVX]+\s*[.)])(\s|$)", t)), len(body_lines)
                )
                paragraphs.append(clean(" ".join(body_lines[:first_row])))
                t, g, left = tasks_from_lines(body_lines[first_row:], period)
                tasks += t
                groups += g
                paragraphs += left
                del k
            if rows:
                t, g, left = tasks_from_rows(rows, period)
                tasks += t
                groups += g
                paragraphs += left
            section = _new_node(None, heading)
            section["paragraphs"] = [p for p in paragraphs if p]
            section["children"] = [_new_node(gr["label"], gr["heading"]) for gr in groups]
            plan["sections"].append(section)
            self.cited_texts.extend([heading or "", *section["paragraphs"]])
        elif paragraphs or groups:
            section = _new_node(None, None)
            section["paragraphs"] = [p for p in paragraphs if p]
            section["children"] = [_new_node(gr["label"], gr["heading"]) for gr in groups]
            plan["sections"].append(section)
            self.cited_texts.extend(section["paragraphs"])
        for task in tasks:
            self.cited_texts.extend([task["title"], task["timeframe"]["text"], task["deliverable"] or ""])
        plan["tasks"] = tasks


def _iter_nodes(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _iter_nodes(node["children"])


# --- which part holds which field ------------------------------------------------------------------
#
# A part is found by its heading's wording, whatever its level: a Roman part, an Arabic or lettered
# sub-part, a Markdown or Word heading, a bold line, or a bare line that only names the part. The
# heading must name the field (or several: "Mục đích, yêu cầu và đối tượng", "Nội dung và hình thức
# tuyên truyền") and say nothing else than the usual fillers ("tuyên truyền", "cải cách hành chính",
# "năm 2026", ...), so that an item such as "b) Hình thức tuyên truyền đa dạng, phong phú" is not
# taken for the heading of the forms of communication.

ROLE_PHRASES: tuple[tuple[str, str], ...] = (
    ("tổ chức thực hiện", "responsibilities"),
    ("trách nhiệm", "responsibilities"),
    ("phân công", "responsibilities"),
    ("nguồn kinh phí", "budget"),
    ("kinh phí", "budget"),
    ("dự toán", "budget"),
    ("mục đích", "purposes"),
    ("mục tiêu", "purposes"),
    ("ý nghĩa", "purposes"),
    ("yêu cầu", "requirements"),
    ("đối tượng", "audiences"),
    ("nội dung", "topics"),
    ("hình thức", "channels"),
    ("phương thức", "channels"),
    ("phương pháp", "channels"),
    ("cách thức", "channels"),
)
ROLE_FILLERS = frozenset(
    "tuyên truyền thông tin truyền thông phổ biến cải cách hành chính cchc nhà nước về và các của công tác "
    "trọng tâm chủ yếu chính cụ thể chung kế hoạch thực hiện năm tháng cuối đầu quý giai đoạn phạm vi "
    "chuyển đổi số chính quyền điện tử được cần những một số đối với trên địa bàn xã phường đặc khu "
    "i ii iii iv v vi".split()
)
SENTENCE_FILLERS = frozenset("tuyên truyền cải cách hành chính cchc và các".split())
RESPONSIBILITY_PREFIX_RE = re.compile(r"^(tổ chức thực hiện|trách nhiệm|phân công)\b")
BUDGET_PREFIX_RE = re.compile(r"^(nguồn )?kinh phí\b")
MAX_HEADING_WORDS = 16
ITEM_KINDS = ("dash", "plus", "bullet", "letter")


def _role_key(text: str) -> tuple[str, str]:
    """The heading's naming part (before a run-in colon), lower case, and the run-in rest."""
    text = clean(text or "")
    head, colon, rest = text.partition(":")
    key = re.sub(r"^(về|các)\s+", "", head.lower().replace("–", "-")).strip(" .,;-")
    return key, clean(rest) if colon else ""


def _looks_like_heading(key: str) -> bool:
    return bool(key) and len(key.split()) <= MAX_HEADING_WORDS and not re.search(r";|\.\s", key)


def heading_roles(text: str | None) -> frozenset[str]:
    """Fields a heading names: {'topics'}, {'topics', 'channels'}, ... or an empty set."""
    key, rest = _role_key(text or "")
    if not _looks_like_heading(key):
        return frozenset()
    # A sentence ("Mục đích một.", "- Nội dung ...;") is an item; only a bare name may end in a stop.
    closed = not rest and bool(re.search(r"[.;!?…]$", clean(text or "")))
    fillers = SENTENCE_FILLERS if closed else ROLE_FILLERS
    tokens = re.findall(r"[^\W_]+", key)
    roles: set[str] = set()
    i = 0
    while i < len(tokens):
        for phrase, role in ROLE_PHRASES:
            words = phrase.split()
            if tokens[i : i + len(words)] == words:
                roles.add(role)
                i += len(words)
                break
        else:
            if tokens[i] in fillers or (tokens[i].isdigit() and not closed):
                i += 1
                continue
            return frozenset()
    return frozenset(roles)


def _loose_roles(text: str | None) -> frozenset[str]:
    """Headings whose tail varies too much for the word list: 'Trách nhiệm của các cơ quan, đơn vị'."""
    key, _ = _role_key(text or "")
    if not _looks_like_heading(key) or len(key.split()) > 12:
        return frozenset()
    if RESPONSIBILITY_PREFIX_RE.match(key):
        return frozenset({"responsibilities"})
    if BUDGET_PREFIX_RE.match(key) and len(key.split()) <= 8:
        return frozenset({"budget"})
    return frozenset()


def _is_plain_heading(text: str, bold: bool) -> bool:
    """An unlabelled paragraph that opens a part: a short bold line, or a line that only names a part."""
    if SENTENCE_END_RE.search(text) and not text.rstrip().endswith(":"):
        return False
    key, rest = _role_key(text)
    if rest or not _looks_like_heading(key):
        return False
    if bold:
        return len(key.split()) <= 12
    return bool(heading_roles(text)) and len(key.split()) <= 8


def _with_run_in(node: dict | None) -> dict | None:
    """'3. Kinh phí: từ ngân sách xã ...': the text after the colon is the part's first paragraph."""
    if node is None:
        return None
    _, rest = _role_key(node["heading"] or "")
    if rest and (heading_roles(node["heading"]) or _loose_roles(node["heading"])):
        return dict(node, paragraphs=[rest, *node["paragraphs"]])
    return node


def find_part_node(nodes: list[dict], role: str, combined: bool = False) -> dict | None:
    """The part that holds ``role``'s items.

    The first heading that names only that field is taken; when one of its sub-parts names the same
    field again ("I. MỤC ĐÍCH" → "1. Mục đích"), that sub-part is. ``combined`` also accepts a heading
    that names several fields, for a part that is not split into sub-parts.
    """

    def named(node: dict) -> frozenset[str]:
        return heading_roles(node["heading"])

    def descend(node: dict) -> dict:
        while True:
            inner = [c for c in node["children"] if role in named(c)]
            single = [c for c in inner if named(c) == {role}]
            if len(single) == 1:
                node = single[0]
            elif len(inner) == 1 and not combined:
                node = inner[0]
            else:
                return node

    for node in nodes:
        roles = named(node)
        if roles == {role}:
            return descend(node)
    for node in nodes:
        roles = named(node)
        if role in roles and len(roles) > 1:
            inner = descend(node)
            if inner is not node:
                return inner
    if role in ("responsibilities", "budget"):
        for node in nodes:
            if role in _loose_roles(node["heading"]) and (role == "budget" or node["children"]):
                return node
    if combined:
        for node in nodes:
            if role in named(node):
                return node
    return None


def whole_text(node: dict, with_heading: bool = True) -> str:
    """The node's text with its continuation paragraphs and sub-items, as one string."""
    parts = [node["heading"]] if with_heading and node["heading"] else []
    parts += node["paragraphs"]
    for child in node["children"]:
        prefix = f"{child['label']}) " if child["label"] and len(child["label"]) == 1 else (
            f"{child['label']}. " if child["label"] else "- ")
        parts.append(prefix + whole_text(child))
    return clean(" ".join(parts))


def _items(node: dict) -> list[str]:
    """Items of a part: its sub-items, or its paragraphs when it has none."""
    if node["children"]:
        return [whole_text(c) for c in node["children"]]
    return [clean(p) for p in node["paragraphs"] if clean(p)]


def _labelled(node: dict) -> list[dict]:
    if node["children"]:
        return [{"label": c["label"], "text": whole_text(c)} for c in node["children"]]
    return [{"label": None, "text": clean(p)} for p in node["paragraphs"] if clean(p)]


def channel_kinds(text: str) -> list[str]:
    """Recognised channel kinds mentioned in a form of communication."""
    low = " " + clean(text).lower() + " "
    kinds = []
    for kind, words in CHANNEL_KINDS:
        for w in words:
            if re.search(r"(?<![\wà-ỹ])" + re.escape(w) + r"(?![\wà-ỹ])", low):
                kinds.append(kind)
                break
    extra = []
    # Posting procedures up at the office or the centre is a display, like a panel.
    if "banner" not in kinds and re.search(r"(công khai|niêm yết)[^;.]*?\btại (các )?(trung tâm|trụ sở|bộ phận|nhà văn hóa)", low):
        extra.append("banner")
    # Face to face at the counter or on site; "trực tiếp và trực tuyến" only names a format.
    if "direct" not in kinds and re.search(
        r"trực tiếp(?!\s*(?:và|hoặc|,|/)\s*trực tuyến)", re.sub(r"trực tuyến\s*(?:và|hoặc|,|/)\s*trực tiếp", " ", low)
    ):
        extra.append("direct")
    if re.search(r"\bAI\b", text) and "assistant" not in kinds:
        extra.append("assistant")
    order = [kind for kind, _ in CHANNEL_KINDS]
    return sorted(kinds + extra, key=order.index)


def _responsibilities(root: dict) -> list[dict]:
    out = []
    for child in root["children"]:
        heading = clean(child["heading"] or "")
        if re.match(r"^(trách nhiệm|phân công)", heading, re.I) and child["children"]:
            out += _responsibilities(child)
            continue
        if not UNIT_HEAD_RE.match(heading):
            continue
        unit, first_duty = split_unit_heading(heading)
        duties = ([first_duty] if first_duty else []) + [clean(p) for p in child["paragraphs"]]
        duties += [whole_text(c) for c in child["children"]]
        out.append({"unit": unit, "duties": [d for d in duties if d]})
    return out


def split_unit_heading(heading: str) -> tuple[str, str | None]:
    """'Đề nghị Ủy ban MTTQ xã chỉ đạo, hướng dẫn ...' → ('Ủy ban MTTQ xã', 'chỉ đạo, hướng dẫn ...')."""
    heading = re.sub(r"^Đề nghị\s+", "", clean(heading))
    if ":" in heading:
        unit, _, duty = heading.partition(":")
        if len(unit.split()) <= 20:
            return clean(unit), clean(duty) or None
    if len(heading.split()) <= 18 and not SENTENCE_END_RE.search(heading):
        return heading, None
    m = DUTY_VERB_RE.search(heading)
    if m and m.start() > 0:
        return clean(heading[: m.start()]).rstrip(","), clean(heading[m.end():])
    return heading, None


_CAPS = "A-ZĐÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ"
# The signer's column read on the same line as the recipients in a PDF text layer: "Nơi nhận: KT. CHỦ TỊCH",
# "- UBND tỉnh; PHÓ CHỦ TỊCH".
_SIGNER_TAIL_RE = re.compile(
    rf"(?:^|(?<=[\s:;,.]))\s*(?P<sig>(?:TM|T/M|KT|K/T|TL|T/L|TUQ)\s*\.\s*[{_CAPS}][{_CAPS} ]*"
    rf"|(?:PHÓ\s+)?CHỦ\s+TỊCH(?:\s+[{_CAPS}]+)*)\s*$"
)
_SIGNER_NAME_TAIL_RE = re.compile(
    r"(?<=[;.,])\s+(?P<name>[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4})\s*$"
)


_SIGN_NOTE_TAIL_RE = re.compile(r"\s+(?P<sig>\(\s*(?:đã ký|ký)[^()]*\))\s*$", re.IGNORECASE)
_SIGN_TITLES = r"(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|TRƯỞNG\s+BAN|GIÁM\s+ĐỐC|BÍ\s+THƯ|TRƯỞNG\s+PHÒNG|CHÁNH\s+VĂN\s+PHÒNG)"
_SIGN_AUTHORITY_SPLIT_RE = re.compile(r"\s+(?=(?:KT|K/T|TL|T/L|TUQ)\s*\.\s*\S)")
_SIGN_FINAL_TITLE_RE = re.compile(rf"^(?P<authority>(?:TM|T/M|KT|K/T|TL|T/L|TUQ)\s*\.\s*.+?)\s+(?P<title>{_SIGN_TITLES})$")
_SIGN_NAME_AFTER_RE = re.compile(
    rf"^(?P<caps>[{_CAPS}/.][{_CAPS}/. ]+?)\s+(?P<name>[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){{1,4}})$"
)


def split_signer_line(text: str) -> list[str]:
    """A signature block run into one line ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH
    Nguyễn Văn An"), as a Markdown paragraph without line breaks gives it, back into its lines."""
    if not (SIGN_ON_BEHALF_RE.match(text) or SIGN_DEPUTY_RE.match(text)):
        return [text]
    lines: list[str] = []
    m = _SIGN_NAME_AFTER_RE.match(text)
    name = None
    if m:
        text, name = m.group("caps"), m.group("name")
    if not _is_caps(text):
        return [text] + ([name] if name else [])
    for part in _SIGN_AUTHORITY_SPLIT_RE.split(text):
        t = _SIGN_FINAL_TITLE_RE.match(part)
        lines += [clean(t.group("authority")), clean(t.group("title"))] if t else [clean(part)]
    return lines + ([name] if name else [])


def split_signature_column(text: str) -> list[str]:
    """A tail line that carries the signer's column after the recipients' one, as two lines."""
    note = _SIGN_NOTE_TAIL_RE.search(text)
    if note and note.start() > 0 and split_label(text) is not None:
        return [*split_signature_column(clean(text[: note.start()])), note.group("sig")]
    if SIGN_ON_BEHALF_RE.match(text) or SIGN_DEPUTY_RE.match(text):
        return split_signer_line(text)
    m = _SIGNER_TAIL_RE.search(text)
    if not m or m.start("sig") == 0:
        return [text]
    left = clean(text[: m.start("sig")])
    if not left or _is_caps(left) and not RECIPIENTS_RE.match(left):
        return [text]
    if not left.strip("-+•* "):
        return [clean(m.group("sig"))]  # "- KT. CHỦ TỊCH": the signer's line set as a list item; the dash says nothing
    return [left, clean(m.group("sig"))]


def _recipient(text: str) -> dict:
    text = clean(text)
    purpose = None
    m = re.search(r"\(([^()]*)\)\s*[;,.]?\s*$", text)
    if m:
        purpose = clean(m.group(1)) or None
        text = text[: m.start()]
    return {"name": clean(text).rstrip(";,. ").strip(), "purpose": purpose}


def _sign_text(text: str) -> str:
    return clean(re.sub(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*", lambda m: m.group(1) + ". ", text))


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and w.isalpha() for w in words)


def build_plan(blocks: list[Block]) -> dict:
    return _Builder(blocks).build()
