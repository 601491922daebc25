"""Find citations of legal and administrative documents in Vietnamese text.

A citation reads ``<type> [số] <number>/<symbol> [ngày d/m/yyyy] [của <issuer>] [về|ban hành <title>]``,
e.g. ``Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ``. Real text breaks the pattern: Cyrillic
look-alike letters (``NQ-СР``), spaces in dates (``12/8/ 2025``), a missing ``số``, symbols whose hyphen
became a space (``08/KH UBND``) and laws named without a number (``Luật Tổ chức Chính phủ năm 2025``).
Technical standards (TCVN ISO 9001:2015) are not documents and are never returned.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Canonical spelling of each document type; the longest come first so that "Nghị quyết liên tịch"
# wins over "Nghị quyết".
DOCUMENT_TYPES = (
    "Nghị quyết liên tịch",
    "Thông tư liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Kế hoạch",
    "Kết luận",
    "Thông tư",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Công văn",
    "Công điện",
    "Thông báo",
    "Hướng dẫn",
    "Quy định",
    "Quy chế",
    "Chương trình",
    "Đề án",
    "Văn bản",
    "Báo cáo",
    "Thông tri",
    "Tờ trình",
)

# Cyrillic and Greek letters that look like Latin ones; a copy-paste from some PDFs carries them.
_HOMOGLYPHS = str.maketrans(
    {
        "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M",
        "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y",
        "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x", "у": "y",
        "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
        "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
    }
)

_UPPER = "A-ZĐÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ"
_TYPE_ALT = "|".join(re.escape(t) for t in DOCUMENT_TYPES)
# A symbol part: "NQ", "CP", "TTg", "QH15", "SVHTT&DL", "BCĐTKNQ18", or a year "2024".
_PART = rf"(?:\d{{4}}(?![\d])|[{_UPPER}][{_UPPER}a-zđ0-9&]*)"
_NUMBER_RE = re.compile(
    rf"(?P<num>\d{{1,5}}[a-z]?)(?P<sym>(?:\s*[/\-–]\s*{_PART})+)"
    # A symbol whose hyphen became a space: "08/KH UBND", "749/QĐ TTg" (one trailing lower-case letter, as
    # in TTg, is part of a symbol; a capitalised word such as "Ban" is not).
    rf"(?P<spaced>(?:\s+[{_UPPER}][{_UPPER}0-9&]+[a-zđ]?(?![{_UPPER}a-zđà-ỹ]))*)"
)
_TYPE_RE = re.compile(rf"(?<![\w])(?P<type>{_TYPE_ALT})(?![\w])", re.IGNORECASE)
_SO_RE = re.compile(r"\s*(?:số|so)?\s*[:.]?\s*", re.IGNORECASE)
_DATE_RE = re.compile(
    r"\s*,?\s*(?:ban hành\s+)?ngày\s*(?:"
    r"(?P<d1>\d{1,2})\s*[/.\-]\s*(?P<m1>\d{1,2})\s*[/.\-]\s*(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s*tháng\s*(?P<m2>\d{1,2})\s*năm\s*(?P<y2>\d{4}))",
    re.IGNORECASE,
)
_ISSUER_RE = re.compile(r"\s*,?\s*của\s+", re.IGNORECASE)
_TITLE_START_RE = re.compile(
    r"\s*,?\s*(?:(?:về việc ban hành|về ban hành|về việc|về|v/v|ban hành)\s+|(?=(?:phê duyệt|quy định|hướng dẫn|thực hiện)\s))",
    re.IGNORECASE,
)
_ISSUER_STOP_RE = re.compile(
    r"\s+(?:về|ban hành|phê duyệt|quy định|hướng dẫn|thực hiện|triển khai|tại|đã|đến|nhằm|trong|để|và các|"
    r"cụ thể|như sau|xây dựng)\b|[;:()\[\]“”\"]|\.(?:\s|$)|(?-i:,\s+(?=[a-zđà-ỹ]))",
    re.IGNORECASE,
)
_TITLE_STOP_RE = re.compile(
    r"[;“”\"]|\.(?:\s|$)|\)\s*$|\s+(?:cụ thể như sau|như sau)\b|:\s*$"
    rf"|\s+và\s+(?=(?:\w+\s+){{0,4}}(?:{_TYPE_ALT})\s+(?:số\s*)?\d)",
    re.IGNORECASE,
)
_LAW_NAME_RE = re.compile(
    rf"\s+(?P<name>[{_UPPER}](?:[^\W\d_]|[,\- ]){{2,150}}?)\s+(?:"
    r"(?:số\s+)?(?P<num>\d{1,4}/\d{4}/QH\d{1,2})"
    r"|(?<!trong )(?<!cả )(?<!các )(?<!của )(?<!từ )(?<!đến )năm\s+(?P<year>\d{4})(?!\s*[-–]\s*\d)"
    r"|(?P<bare>(?=(?:trong|của|đã|được|để|nhằm|thay thế|và các|sửa đổi)\b)))"
    rf"|\s+(?P<name2>[{_UPPER}](?:[^\W\d_]|[\- ]){{2,120}}?)(?P<bare2>(?=\s*[,;.:()]|$))"
)
_MAX_ISSUER_WORDS = 16
_MAX_TITLE_CHARS = 400


def normalise_text(text: str) -> str:
    """NFC, look-alike letters restored to ASCII, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text or "").translate(_HOMOGLYPHS)
    return re.sub(r"\s+", " ", text).strip()


def normalise_number(num: str, sym: str, spaced: str = "") -> str:
    """'08' + '/KH UBND' → '08/KH-UBND'; '76' + '/NQ- СР' → '76/NQ-CP'."""
    sym = re.sub(r"\s*([/\-–])\s*", lambda m: "-" if m.group(1) == "–" else m.group(1), sym.translate(_HOMOGLYPHS))
    parts = [p for p in spaced.split() if p]
    return num + sym + "".join("-" + p for p in parts)


def _canonical_type(raw: str) -> str:
    low = raw.lower()
    for t in DOCUMENT_TYPES:
        if t.lower() == low:
            return t
    return raw


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def find_citations(text: str) -> list[dict]:
    """Every citation in ``text``, in order of appearance.

    Each is ``{"type", "number", "date", "issuer", "title"}``; fields the text does not state are None.
    """
    text = normalise_text(text)
    found: list[dict] = []
    pos = 0
    fronted: str | None = None  # the issuer named before the previous citation
    last_end = 0
    while True:
        m = _TYPE_RE.search(text, pos)
        if not m:
            break
        doc_type = _canonical_type(m.group("type"))
        end = m.end()
        citation, end = _read_numbered(text, end, doc_type)
        if citation is None and doc_type in ("Luật", "Bộ luật") and m.group("type")[0].isupper():
            citation, end = _read_law(text, m.end(), doc_type)
        if citation is None:
            pos = m.end()
            continue
        if citation["issuer"] is None:
            citation["issuer"] = fronted = _fronted_issuer(text, m.start(), fronted, last_end)
        else:
            fronted = None
        found.append(citation)
        last_end = end
        pos = max(end, m.end())
    return found


# "... theo quy định của Chính phủ tại Nghị định số 45/2020/NĐ-CP và Nghị định số 107/2021/NĐ-CP":
# the issuer is named before the citation, and holds for the documents listed with it.
_FRONTED_ISSUER_RE = re.compile(
    rf"\bcủa\s+(?P<issuer>[{_UPPER}][^\s,;.()]*(?:\s+[^\s,;.()]+){{0,8}}?)\s+(?:tại|theo)\s+(?:các\s+)?$"
)
_LIST_GAP_RE = re.compile(r"^\s*(?:,|và|;)?\s*(?:,|và)?\s*$")


def _fronted_issuer(text: str, start: int, previous: str | None, previous_end: int) -> str | None:
    m = _FRONTED_ISSUER_RE.search(text[max(0, start - 120) : start])
    if m:
        return m.group("issuer")
    if previous and _LIST_GAP_RE.match(text[previous_end:start]):
        return previous
    return None


def _read_numbered(text: str, pos: int, doc_type: str) -> tuple[dict | None, int]:
    so = _SO_RE.match(text, pos)
    start = so.end() if so else pos
    m = _NUMBER_RE.match(text, start)
    if not m:
        return None, pos
    number = normalise_number(m.group("num"), m.group("sym"), m.group("spaced") or "")
    if ("/" not in number and "-" not in number) or re.fullmatch(r"\d{4}[-/]\d{4}", number):
        return None, pos
    return _read_tail(text, m.end(), doc_type, number)


def _read_law(text: str, pos: int, doc_type: str) -> tuple[dict | None, int]:
    window = text[pos : pos + 220]
    m = _LAW_NAME_RE.match(window)
    if not m:
        return None, pos
    if m.group("name2") is not None:
        name = m.group("name2").strip(" ,")
        if len(name.split()) < 2 or len(name.split()) > 14 or re.search(r"\bLuật\b", name):
            return None, pos
        return {"type": doc_type, "number": None, "date": None, "issuer": None, "title": name}, pos + m.end("name2")
    name = m.group("name").strip(" ,")
    if re.search(r"[;.]|\bLuật\b", name) or len(name.split()) > 20:
        return None, pos
    if m.group("num"):
        citation, end = _read_tail(text, pos + m.end(), doc_type, normalise_number(*_split_num(m.group("num"))))
        if citation and not citation["title"]:
            citation["title"] = name
        return citation, end
    end = pos + m.start("name") + len(name)
    if m.group("bare") is not None:
        return {"type": doc_type, "number": None, "date": None, "issuer": None, "title": name}, end
    return {"type": doc_type, "number": None, "date": None, "issuer": None, "title": f"{name} năm {m.group('year')}"}, end


def _split_num(number: str) -> tuple[str, str]:
    head, _, tail = number.partition("/")
    return head, "/" + tail


def _read_tail(text: str, pos: int, doc_type: str, number: str) -> tuple[dict, int]:
    citation = {"type": doc_type, "number": number, "date": None, "issuer": None, "title": None}
    m = _DATE_RE.match(text, pos)
    if m:
        if m.group("d1"):
            citation["date"] = _iso(m.group("y1"), m.group("m1"), m.group("d1"))
        else:
            citation["date"] = _iso(m.group("y2"), m.group("m2"), m.group("d2"))
        pos = m.end()
    core_end = pos
    m = _ISSUER_RE.match(text, pos)
    if m:
        issuer, pos = _read_issuer(text, m.end())
        citation["issuer"] = issuer
    m = _TITLE_START_RE.match(text, pos)
    if m:
        title, pos = _read_title(text, m.end())
        citation["title"] = title
    # The search goes on from the end of the number and date, not the title: titles often cite
    # further documents ("... thực hiện Kết luận số 62-KL/TW ...").
    return citation, core_end


def _read_issuer(text: str, pos: int) -> tuple[str | None, int]:
    rest = text[pos : pos + 200]
    stop = _ISSUER_STOP_RE.search(rest)
    # Names of ministries carry commas ("Bộ Văn hóa, Thể thao và Du lịch"): a comma followed by a
    # capitalised word stays in the name; the stop pattern only ends at a comma before lower case.
    issuer = rest[: stop.start()] if stop else rest
    next_type = _TYPE_RE.search(issuer)
    if next_type and next_type.start() > 0:
        issuer = issuer[: next_type.start()]
    words = issuer.split()
    if len(words) > _MAX_ISSUER_WORDS:
        issuer = " ".join(words[:_MAX_ISSUER_WORDS])
    issuer = issuer.strip(" ,;.-")
    return (issuer or None), pos + len(issuer)


def _read_title(text: str, pos: int) -> tuple[str | None, int]:
    rest = text[pos : pos + _MAX_TITLE_CHARS]
    stop = _TITLE_STOP_RE.search(rest)
    title = rest[: stop.start()] if stop else rest
    title = title.strip(" ,;.-")
    if not title:
        return None, pos
    return title, pos + len(title)


def citation_key(citation: dict) -> tuple:
    """Identity of the cited document: type and number, or type and title for an unnumbered law."""
    number = citation.get("number")
    if number:
        return (citation["type"].lower(), re.sub(r"\s+", "", number).upper())
    return (citation["type"].lower(), (citation.get("title") or "").lower())


def merge_citations(citations: list[dict]) -> list[dict]:
    """Distinct documents, first mention first; later mentions fill in what the first left out."""
    merged: dict[tuple, dict] = {}
    for c in citations:
        key = citation_key(c)
        if key not in merged:
            merged[key] = dict(c)
            continue
        kept = merged[key]
        for field in ("date", "issuer", "title"):
            if not kept.get(field) and c.get(field):
                kept[field] = c[field]
    return list(merged.values())
