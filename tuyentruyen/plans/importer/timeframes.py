"""Understand the timeframe column of a task ("Thời gian thực hiện") and plan periods.

``parse_timeframe`` turns text such as ``Quý IV/2025``, ``Trước ngày 05/12/2025``, ``Thường xuyên`` or
``Sau khi có Quyết định của UBND thành phố`` into start/due dates, a recurrence and a trigger.
A year left out of the text is taken from the plan period when one is given; nothing else is guessed.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

RECURRENCES = ("none", "ongoing", "weekly", "monthly", "quarterly", "half_yearly", "yearly")

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Ordered: the first match wins, so the more specific phrases come first.
_RECURRENCE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ongoing", re.compile(r"\b(thường xuyên|liên tục|thường kỳ)\b")),
    ("weekly", re.compile(r"\b(hàng|hằng|mỗi|định kỳ) tuần\b")),
    ("monthly", re.compile(r"\b(hàng|hằng|mỗi|định kỳ) tháng\b")),
    ("quarterly", re.compile(r"\b((hàng|hằng|mỗi|định kỳ|theo) quý|báo cáo quý|tháng cuối (của )?quý)\b")),
    ("half_yearly", re.compile(r"\b((hàng|hằng|mỗi|định kỳ) 6 tháng|6 tháng (một|1) lần|sáu tháng một lần)\b")),
    ("yearly", re.compile(r"\b(hàng|hằng|mỗi|định kỳ) năm\b")),
]

_TRIGGER_RE = re.compile(
    r"(?:^|[;,.]\s*)((?:ngay )?sau khi\b[^;]*|khi có\b[^;]*|khi\s+\w[^;]*|theo (?:yêu cầu|chỉ đạo|kế hoạch|hướng dẫn)"
    r"\b[^;]*)",
    re.IGNORECASE,
)

_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?"
_DATE_WORDS = r"(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})(?:\s*năm\s*(\d{4}))?"
_YEAR_TAIL = r"(?:\s*(?:/|năm|-)\s*(\d{4}))?"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return re.sub(r"\s+", " ", text).strip()


def _lower(text: str) -> str:
    # Vietnamese has two spellings of some tone placements (hoá/hóa); lower-casing is enough here.
    return normalise(text).lower()


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


class _Context:
    def __init__(self, period_start: str | date | None, period_end: str | date | None):
        self.start = _as_date(period_start)
        self.end = _as_date(period_end)

    def year_for(self, month: int | None = None) -> int | None:
        """The year of a date written without one, taken from the plan period."""
        if self.start and self.end:
            if self.start.year == self.end.year:
                return self.start.year
            if month is not None:
                # A period spanning years: pick the year in which that month falls inside the period.
                for year in range(self.start.year, self.end.year + 1):
                    first = date(year, month, 1)
                    if self.start <= _month_end(year, month) and first <= self.end:
                        return year
            return None
        if self.start:
            return self.start.year
        if self.end:
            return self.end.year
        return None


def _as_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_period(text: str) -> dict | None:
    """Find a plan period ('6 tháng cuối năm 2025', 'năm 2026', 'quý III/2025', 'giai đoạn 2021-2025').

    Returns ``{"label", "start", "end"}`` with ISO dates, or None.
    """
    t = normalise(text)
    patterns = [
        (r"(6|sáu) tháng (đầu|cuối) năm (\d{4})", "half"),
        (r"quý\s+([IVX]+|[1-4])\s*(?:/|năm)\s*(\d{4})", "quarter"),
        (r"giai đoạn (\d{4})\s*[-–]\s*(\d{4})", "range"),
        (r"(?:cả )?năm (\d{4})", "year"),
    ]
    for pattern, kind in patterns:
        m = re.search(pattern, t, re.IGNORECASE)
        if not m:
            continue
        if kind == "half":
            year = int(m.group(3))
            if m.group(2).lower() == "đầu":
                start, end = date(year, 1, 1), date(year, 6, 30)
            else:
                start, end = date(year, 7, 1), date(year, 12, 31)
        elif kind == "quarter":
            q = _ROMAN_QUARTERS[m.group(1).lower()]
            year = int(m.group(2))
            start, end = date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        elif kind == "range":
            start, end = date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31)
        else:
            year = int(m.group(1))
            start, end = date(year, 1, 1), date(year, 12, 31)
        return {"label": m.group(0), "start": start.isoformat(), "end": end.isoformat()}
    return None


def parse_timeframe(text: str, period_start: str | date | None = None, period_end: str | date | None = None) -> dict:
    """Read a task timeframe. Returns ``{"text", "start", "due", "recurrence", "trigger"}``."""
    original = normalise(text)
    low = original.lower()
    ctx = _Context(period_start, period_end)
    start: date | None = None
    due: date | None = None

    recurrence = "none"
    for name, pattern in _RECURRENCE_PATTERNS:
        if pattern.search(low):
            recurrence = name
            break
    if recurrence == "none" and re.fullmatch(r"(định kỳ )?(6|sáu) tháng\.?", low):
        recurrence = "half_yearly"

    trigger = None
    m = _TRIGGER_RE.search(original)
    alternative = _triggered_alternative(original)
    if alternative is not None:
        # "Thời gian ban hành Kế hoạch theo yêu cầu của thành phố/thời gian thực hiện 6 tháng cuối năm
        # 2025": the half that waits on an event is the trigger; the dates come from the other half.
        trigger = alternative[0].upper() + alternative[1:]
        low_wo_trigger = low.replace(alternative.lower(), " ")
    elif m:
        trigger = m.group(1).strip(" ;,.")
        trigger = trigger[0].upper() + trigger[1:]
        low_wo_trigger = low.replace(m.group(1).lower(), " ")
    else:
        low_wo_trigger = low

    start, due = _dates_from(low_wo_trigger, ctx)
    return {
        "text": original,
        "start": _iso(start),
        "due": _iso(due),
        "recurrence": recurrence,
        "trigger": trigger,
    }


_ALTERNATIVES_RE = re.compile(r"(?<=[^\W\d_])\s*/\s*(?=[^\W\d_])")
_EVENT_RE = re.compile(r"\b(?:sau khi|khi có|theo (?:yêu cầu|chỉ đạo|hướng dẫn))\b", re.IGNORECASE)


def _triggered_alternative(text: str) -> str | None:
    """The part of a two-part cell ("<event>/<period>") that names the event, when the other part has
    dates of its own."""
    parts = [part.strip(" ;,.") for part in _ALTERNATIVES_RE.split(text)]
    if len(parts) < 2:
        return None
    events = [part for part in parts if _EVENT_RE.search(part) and not re.search(r"\d", part)]
    if len(events) == 1 and any(re.search(r"\d", part) for part in parts if part is not events[0]):
        return events[0]
    return None


def _dates_from(low: str, ctx: _Context) -> tuple[date | None, date | None]:
    # A range of dates: "từ ngày 01/8/2025 đến ngày 30/9/2025".
    m = re.search(r"từ\s*(?:ngày\s*)?" + _DATE + r"\s*(?:đến|-|–)\s*(?:ngày\s*)?" + _DATE, low)
    if m:
        first = _make_date(m.groups()[:3], ctx, fallback_year=m.group(6))
        last = _make_date(m.groups()[3:], ctx)
        if first and last:
            return first, last
    # An explicit deadline ("trước ngày 05/12/2025", "chậm nhất ngày ...", "hạn ...").
    deadline = None
    m = re.search(
        r"\b(?:trước|chậm nhất|hạn chót|hạn|hoàn thành|đến hết|đến)\s*(?:ngày\s*)?(?:" + _DATE + r"|" + _DATE_WORDS + r")",
        low,
    )
    if m:
        deadline = _make_date(m.groups(), ctx)
        low = low[: m.start()] + " " + low[m.end():]

    span = _span_from(low, ctx)
    if deadline:
        # A deadline inside a known span keeps the span's start; otherwise the deadline stands alone.
        if span and span[0] and span[0] <= deadline:
            return span[0], deadline
        return None, deadline
    if span:
        return span
    m = re.search(r"(?:^|\b(?:ngày|vào)\s*)" + _DATE + r"\b", low)
    if m and (m.group(3) or ctx.year_for(int(m.group(2)))):
        d = _make_date(m.groups(), ctx)
        if d:
            return d, d
    return None, None


def _make_date(groups, ctx: _Context, fallback_year: str | None = None) -> date | None:
    groups = [g for g in groups if g is not None] if len(groups) > 3 else list(groups)
    if len(groups) < 2:
        return None
    day, month = int(groups[0]), int(groups[1])
    year_s = groups[2] if len(groups) > 2 else None
    year = int(year_s) if year_s else (int(fallback_year) if fallback_year else ctx.year_for(month))
    if year is None:
        return None
    return _safe_date(year, month, day)


def _span_from(low: str, ctx: _Context) -> tuple[date | None, date | None] | None:
    # Half years.
    m = re.search(r"(6|sáu) tháng (đầu|cuối)(?: năm)?(?:\s*(\d{4}))?", low)
    if m:
        year = int(m.group(3)) if m.group(3) else ctx.year_for(1 if m.group(2) == "đầu" else 12)
        if year:
            if m.group(2) == "đầu":
                return date(year, 1, 1), date(year, 6, 30)
            return date(year, 7, 1), date(year, 12, 31)
    # Quarters, single or several: "quý IV/2025", "quý III và IV năm 2025", "quý III, IV/2025".
    m = re.search(r"quý\s+((?:[ivx]+|[1-4])(?:\s*(?:,|và|-|–|đến|&)\s*(?:quý\s+)?(?:[ivx]+|[1-4]))*)" + _YEAR_TAIL, low)
    if m:
        quarters = [_ROMAN_QUARTERS[q] for q in re.findall(r"[ivx]+|[1-4]", m.group(1)) if q in _ROMAN_QUARTERS]
        if quarters:
            first_q, last_q = min(quarters), max(quarters)
            year = int(m.group(2)) if m.group(2) else ctx.year_for(3 * last_q)
            if year:
                return date(year, 3 * first_q - 2, 1), _month_end(year, 3 * last_q)
    # Months: "trong tháng 7/2025", "tháng 8-9/2025", "từ tháng 7 đến tháng 9 năm 2025".
    m = re.search(
        r"tháng\s*(\d{1,2})(?:\s*(?:-|–|đến|và|,)\s*(?:tháng\s*)?(\d{1,2}))?" + _YEAR_TAIL + r"(?![\d/])", low
    )
    if m:
        first_m = int(m.group(1))
        last_m = int(m.group(2)) if m.group(2) else first_m
        if 1 <= first_m <= 12 and 1 <= last_m <= 12 and first_m <= last_m:
            year = int(m.group(3)) if m.group(3) else ctx.year_for(first_m)
            if year:
                return date(year, first_m, 1), _month_end(year, last_m)
    # Whole years: "cả năm 2025", "năm 2025", "trong năm 2025".
    m = re.search(r"năm\s*(\d{4})(?:\s*(?:-|–|đến)\s*(?:năm\s*)?(\d{4}))?", low)
    if m:
        first_y = int(m.group(1))
        last_y = int(m.group(2)) if m.group(2) else first_y
        return date(first_y, 1, 1), date(last_y, 12, 31)
    return None


# A timeframe at the start of a cell, used to split cells that a PDF text layer ran together
# ("Trong tháng 7/2025 Kế hoạch của UBND xã"). Only closed expressions: they end in a year, a date
# or a recurrence word, so the rest of the line can be read as the next cell.
_PREFIX_RE = re.compile(
    r"^(?:"
    r"thường xuyên|liên tục|(?:hàng|hằng|định kỳ) (?:tuần|tháng|quý|năm)"
    r"|(?:trong |cả |từ )?(?:6|sáu) tháng (?:đầu|cuối) năm(?:\s*\d{4})?"
    r"|(?:trong |cả )?quý\s+(?:[ivx]+|[1-4])(?:\s*(?:,|và|-)\s*(?:[ivx]+|[1-4]))*\s*(?:/|năm)\s*\d{4}"
    r"|(?:trong |từ )?tháng\s*\d{1,2}(?:\s*(?:-|đến|và)\s*(?:tháng\s*)?\d{1,2})?\s*(?:/|năm)\s*\d{4}"
    r"|(?:trước|chậm nhất|đến)\s*(?:ngày\s*)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"
    r"|(?:trong |cả )?năm\s*\d{4}"
    r")",
    re.IGNORECASE,
)

_START_RE = re.compile(
    r"^(?:thường xuyên|liên tục|hàng |hằng |định kỳ|quý |trong |trước |chậm nhất|cả năm|năm \d|tháng \d"
    r"|từ (?:ngày|tháng)|sau khi|ngay sau|khi có|(?:6|sáu) tháng|đến (?:ngày|hết)|thời gian|theo (?:yêu cầu|chỉ đạo))",
    re.IGNORECASE,
)


def match_timeframe_prefix(text: str) -> int:
    """Length of a closed timeframe expression at the start of ``text`` (0 when there is none)."""
    m = _PREFIX_RE.match(normalise(text))
    return m.end() if m else 0


def looks_like_timeframe_start(text: str) -> bool:
    """Whether a line could open a timeframe cell."""
    return bool(_START_RE.match(normalise(text)))
