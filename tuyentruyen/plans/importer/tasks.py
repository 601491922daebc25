"""Read the task catalogue (Danh mục nhiệm vụ): from table rows, or from a PDF text layer that ran the
table's cells together line by line."""

from __future__ import annotations

import re

from .extract import clean, join_lines
from .timeframes import looks_like_timeframe_start, match_timeframe_prefix, parse_timeframe

UNIT_START_RE = re.compile(
    r"^(?:Đề nghị\s+)?(?:Phòng|Văn phòng|Trung tâm|Các (?:cơ quan|phòng|đơn vị|ban|tổ chức|thôn|xóm|trường|hội|đoàn|sở)"
    r"|Ủy ban|Uỷ ban|UBND|UBMTTQ|Mặt trận|MTTQ|Công an|Ban |Bộ phận|Thủ trưởng|Trưởng|Đài|Trạm|Trường|Hội |Đoàn"
    r"|Đảng ủy|Đảng uỷ|Công chức|Cán bộ|Chủ tịch|Phó Chủ tịch|Lãnh đạo|Quân sự|Bưu điện|Thôn|Tổ |Cơ quan|Đơn vị"
    r"|Người đứng đầu|Sở |Chi cục|Kho bạc|Hợp tác xã|Bộ |Chi nhánh|Ngân hàng|Thường trực|HĐND|Hội đồng)"
)
TEXT_HEADER_RE = re.compile(r"^S?TT\b.{0,60}?(nội dung|nhiệm vụ|công việc|tên)", re.IGNORECASE)
GROUP_RE = re.compile(r"^(?P<label>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\s*[.):]\s*(?P<text>\S.*)$")
_NUMBER_LINE_RE = re.compile(r"^(?P<no>\d{1,3})\s*\.?(?:\s+(?P<rest>\S.*))?$")
_CONNECTIVE_END_RE = re.compile(r"(?:,|;|-|–|/|\(|\bvà|\bcủa|\bcho|\bvới|\btại|\bcác|\bthuộc|\bhoặc)$", re.IGNORECASE)

_COLUMNS = [
    ("no", re.compile(r"^(s?tt|số thứ tự|số tt)$", re.I)),
    ("lead", re.compile(r"chủ trì", re.I)),
    ("coordinating", re.compile(r"phối hợp", re.I)),
    ("timeframe", re.compile(r"thời gian|thời hạn|tiến độ", re.I)),
    ("deliverable", re.compile(r"sản phẩm|kết quả", re.I)),
    ("title", re.compile(r"nội dung|nhiệm vụ|công việc|tên", re.I)),
]


def column_map(cells: list[str]) -> dict[str, int] | None:
    """Map the columns of a task table header row; None when the row is not such a header."""
    mapping: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = clean(cell).lower()
        if not text:
            continue
        for name, pattern in _COLUMNS:
            if name not in mapping and pattern.search(text):
                mapping[name] = i
                break
    if "title" in mapping and ("lead" in mapping or "timeframe" in mapping) and len(mapping) >= 3:
        return mapping
    return None


def split_units(text: str) -> list[str]:
    """The units of a lead or coordinating cell."""
    text = text or ""
    # A name broken over two cell lines stays one: "... chính trị -" / "xã hội xã", "... chính trị" / "- xã hội".
    text = re.sub(r"\s*([-–])\s*\n\s*(?=[a-zđà-ỹ])|\s*\n\s*([-–])\s+(?=[a-zđà-ỹ])",
                  lambda m: f" {m.group(1) or m.group(2)} ", text)
    text = re.sub(r"(?<=[^\W\d_])\s*\n\s*(?=[a-zđà-ỹ])", " ", text)
    # One element per cell line or semicolon-separated part; commas stay: a collective such as
    # "Các cơ quan chuyên môn, đơn vị liên quan" is one party.
    parts = [clean(chunk).strip(" ,.;") for chunk in re.split(r"[;\n]+", text)]
    return [re.sub(r"^[-+•]\s*", "", p) for p in parts if p]


def _task(no, group, title, lead, coordinating, timeframe, deliverable, period) -> dict:
    start, end = (period or {}).get("start"), (period or {}).get("end")
    return {
        "no": no,
        "group": group,
        "title": clean(title),
        "lead": split_units(lead),
        "coordinating": split_units(coordinating),
        "timeframe": parse_timeframe(clean(timeframe), start, end),
        "deliverable": clean(deliverable) or None,
    }


def _group_text(text: str) -> tuple[str | None, str]:
    m = GROUP_RE.match(clean(text))
    if m:
        return m.group("label"), clean(m.group("text"))
    return None, clean(text)


def tasks_from_rows(rows: list[list[str]], period: dict | None) -> tuple[list[dict], list[dict], list[str]]:
    """Tasks of one or more task tables given as rows of cells (header rows may repeat).

    Returns (tasks, groups, leftovers) where groups are ``{"label", "heading"}`` in order.
    """
    tasks: list[dict] = []
    groups: list[dict] = []
    leftovers: list[str] = []
    mapping: dict[str, int] | None = None
    group = None
    for cells in rows:
        header = column_map(cells)
        if header:
            mapping = header
            continue
        if mapping is None:
            leftovers.append(" | ".join(clean(c) for c in cells if clean(c)))
            continue
        filled = [clean(c) for c in cells if clean(c)]
        if not filled:
            continue
        if all(re.fullmatch(r"\(?\d{1,2}\)?", c) for c in filled):
            continue  # the column-number row "(1) (2) (3)" under a header

        def cell(name: str, mapping: dict[str, int] = mapping, cells: list[str] = cells) -> str:
            i = mapping.get(name)
            return cells[i] if i is not None and i < len(cells) else ""

        no_text = clean(cell("no"))
        distinct = set(filled)
        if len(distinct) == 1 and not re.fullmatch(r"\d{1,3}\.?", no_text):
            label, heading = _group_text(filled[0])
            group = heading
            groups.append({"label": label, "heading": heading})
            continue
        if (GROUP_RE.match(no_text) or re.fullmatch(r"[IVX]+\.?", no_text)) and not clean(cell("lead")):
            label, heading = _group_text(no_text.rstrip(".") + ". " + clean(cell("title")))
            group = heading
            groups.append({"label": label, "heading": heading})
            continue
        m = re.fullmatch(r"(\d{1,3})\.?", no_text)
        title = cell("title")
        if not m and tasks and clean(title)[:1].islower():
            # A row broken across a page: the rest of the previous task.
            prev = tasks[-1]
            prev["title"] = clean(prev["title"] + " " + title)
            continue
        tasks.append(
            _task(int(m.group(1)) if m else None, group, title, cell("lead"), cell("coordinating"),
                  cell("timeframe"), cell("deliverable"), period)
        )
    return tasks, groups, leftovers


def _paren_depth(text: str) -> int:
    return text.count("(") - text.count(")")


def tasks_from_lines(lines: list[str], period: dict | None) -> tuple[list[dict], list[dict], list[str]]:
    """Tasks from a task table that a PDF text layer flattened into lines.

    Each row starts with its number alone on a line (or followed by the title); a group row is a Roman
    numeral with its name. Cells are told apart by what opens them: a unit name opens the lead and
    coordinating cells, a time expression the timeframe, and the first capitalised line after the
    timeframe the deliverable. Returns (tasks, groups, leftovers).
    """
    tasks: list[dict] = []
    groups: list[dict] = []
    leftovers: list[str] = []
    group = None
    current: tuple[int, list[str]] | None = None
    last_no = 0

    def close() -> None:
        nonlocal current
        if current is not None:
            tasks.append(_cells_to_task(current[0], group, current[1], period))
            current = None

    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        g = GROUP_RE.match(line)
        if g:
            close()
            group = clean(g.group("text"))
            groups.append({"label": g.group("label"), "heading": group})
            continue
        n = _NUMBER_LINE_RE.match(line)
        if n:
            no = int(n.group("no"))
            rest = n.group("rest")
            if no in (last_no + 1, last_no + 2) and (rest is None or rest[:1].isupper()):
                close()
                last_no = no
                current = (no, [rest] if rest else [])
                continue
            if rest is None:
                continue  # a page number
        if current is None:
            leftovers.append(line)
        else:
            current[1].append(line)
    close()
    return tasks, groups, leftovers


def _cells_to_task(no: int, group: str | None, lines: list[str], period: dict | None) -> dict:
    cells: dict[str, list[str]] = {"title": [], "lead": [], "coordinating": [], "timeframe": [], "deliverable": []}
    state = "title"
    for line in lines:
        if state == "title":
            title = " ".join(cells["title"])
            free = cells["title"] and _paren_depth(title) <= 0 and not _CONNECTIVE_END_RE.search(title)
            if free and UNIT_START_RE.match(line):
                state = "lead"
            elif free and looks_like_timeframe_start(line):
                state = "timeframe"
            else:
                cells["title"].append(line)
                continue
        elif state in ("lead", "coordinating"):
            so_far = " ".join(cells[state])
            if looks_like_timeframe_start(line):
                state = "timeframe"
            elif UNIT_START_RE.match(line) and so_far and not _CONNECTIVE_END_RE.search(so_far):
                state = "coordinating" if state == "lead" else "timeframe"
        elif state == "timeframe":
            so_far = " ".join(cells["timeframe"])
            if so_far and line[:1].isupper() and _paren_depth(so_far) <= 0 and not _CONNECTIVE_END_RE.search(so_far):
                state = "deliverable"
        if state == "timeframe" and not cells["timeframe"]:
            cut = match_timeframe_prefix(line)
            rest = line[cut:].strip() if cut else ""
            if cut and rest[:1].isupper():
                cells["timeframe"].append(line[:cut])
                cells["deliverable"].append(rest)
                state = "deliverable"
                continue
        cells[state].append(line)
    return _task(no, group, join_lines(cells["title"]), join_lines(cells["lead"]), join_lines(cells["coordinating"]),
                 join_lines(cells["timeframe"]), join_lines(cells["deliverable"]), period)
