"""Deriving a plan for the next period: move the period, every date and every dated phrase forward.
Pure: documents in, documents out."""

import calendar
import re
from datetime import date

from .document import copy_document

_ROMAN = ["I", "II", "III", "IV"]


def add_months(d: date, months: int) -> date:
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def period_label(start: date, end: date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 12 and start.month == 1:
        return f"năm {start.year}"
    if months == 6 and start.month in (1, 7):
        return f"6 tháng {'đầu' if start.month == 1 else 'cuối'} năm {start.year}"
    if months == 3 and start.month in (1, 4, 7, 10):
        return f"quý {_ROMAN[(start.month - 1) // 3]} năm {start.year}"
    return f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


def next_period(period: dict) -> tuple[dict, int]:
    """The period after this one, of the same length, and the shift in months."""
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    new_start = add_months(start, months)
    new_end = date.fromordinal(add_months(new_start, months).toordinal() - 1)
    return {"label": period_label(new_start, new_end), "start": new_start.isoformat(),
            "end": new_end.isoformat()}, months


_DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_QUARTER = re.compile(r"\b([Qq]uý) (I{1,3}|IV)/(\d{4})\b")
_MY = re.compile(r"\b(tháng) (\d{1,2})/(\d{4})\b", re.IGNORECASE)
_HALF = re.compile(r"\b6 tháng (đầu|cuối) năm (\d{4})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(năm|Năm|NĂM) (\d{4})\b")


def shift_text(text: str, months: int) -> str:
    """Move dates and dated phrases in a sentence forward by ``months`` (a multiple of 3)."""
    if not text:
        return text

    def dmy(m):
        d = add_months(date(int(m[3]), int(m[2]), 1), months)
        day = min(int(m[1]), calendar.monthrange(d.year, d.month)[1])
        width = len(m[1])
        return f"{day:0{width}d}/{d.month:0{len(m[2])}d}/{d.year}"

    def quarter(m):
        index = _ROMAN.index(m[2]) * 3 + months
        return f"{m[1]} {_ROMAN[(index // 3) % 4]}/{int(m[3]) + index // 12}"

    def month_year(m):
        d = add_months(date(int(m[3]), int(m[2]), 1), months)
        return f"{m[1]} {d.month:0{len(m[2])}d}/{d.year}"

    def half(m):
        d = add_months(date(int(m[2]), 1 if m[1].lower() == "đầu" else 7, 1), months)
        return f"6 tháng {'đầu' if d.month <= 6 else 'cuối'} năm {d.year}"

    def year(m):
        return f"{m[1]} {int(m[2]) + months // 12}"

    text = _DMY.sub(dmy, text)
    text = _QUARTER.sub(quarter, text)
    text = _MY.sub(month_year, text)
    if _HALF.search(text):
        return _HALF.sub(half, text)
    if months % 12 == 0:
        text = _YEAR.sub(year, text)
    return text


def _shift_iso(value: str | None, months: int) -> str | None:
    return add_months(date.fromisoformat(value), months).isoformat() if value else None


def _shift_sections(sections: list[dict], months: int) -> None:
    for section in sections:
        section["heading"] = shift_text(section.get("heading"), months) if section.get("heading") else section.get("heading")
        section["paragraphs"] = [shift_text(p, months) for p in section.get("paragraphs", [])]
        _shift_sections(section.get("children", []), months)


def derive_next_period(doc: dict) -> dict:
    """A draft for the next period: same structure, period and dates moved forward, no number or date."""
    if not doc.get("period"):
        raise ValueError("Kế hoạch nguồn chưa có kỳ kế hoạch (từ ngày, đến ngày) nên không tính được kỳ tiếp theo.")
    new = copy_document(doc)
    old_label = doc["period"]["label"]
    new["period"], months = next_period(doc["period"])
    new["number"], new["date"] = None, None
    title = new.get("title") or ""
    if old_label and old_label.lower() in title.lower():
        at = title.lower().index(old_label.lower())
        title = title[:at] + new["period"]["label"] + title[at + len(old_label):]
    else:
        title = shift_text(title, months)
    new["title"] = title
    for task in new.get("tasks", []):
        frame = task["timeframe"]
        frame["text"] = shift_text(frame["text"], months)
        frame["start"], frame["due"] = _shift_iso(frame["start"], months), _shift_iso(frame["due"], months)
        task["title"] = shift_text(task["title"], months)
    for key in ("purposes", "requirements", "audiences"):
        new[key] = [shift_text(text, months) for text in new.get(key, [])]
    for key in ("topics", "channels"):
        for item in new.get(key, []):
            item["text"] = shift_text(item["text"], months)
    for resp in new.get("responsibilities", []):
        resp["duties"] = [shift_text(d, months) for d in resp["duties"]]
    _shift_sections(new.get("sections", []), months)
    new["unplaced"] = []
    return new


def derive_from_province(doc: dict, issuer: str, commune: dict) -> dict:
    """A commune's draft from its province's plan for the same period."""
    new = copy_document(doc)
    new.update({"issuer": issuer, "commune": commune, "number": None, "date": None, "place": None,
                "signer": None, "recipients": [], "unplaced": []})
    return new
