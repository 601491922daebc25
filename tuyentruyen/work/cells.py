"""One spreadsheet cell read as a date, a whole number, a number or text: the value, or the Vietnamese
reason it is refused. Pure (no database): the XLSX validation, in the request or in a background job,
asks these for every cell, so that a value outside ``lib.bounds`` never reaches the database.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from tuyentruyen.lib import bounds
from tuyentruyen.lib.text import clean_text

Result = tuple[object, str | None]  # (value or None, refusal or None)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """Any cell as one line of normalised text (NFC, no invisible characters, single spaces)."""
    return clean_text(str(value)) if value is not None else ""


# Dates typed as text, in the forms a Vietnamese office writes them: 15/09/2026, 15-9-2026, 15.09.2026,
# "ngày 15 tháng 9 năm 2026", and the ISO 2026-09-15 that other software exports.
_DMY = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_WORDS = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*)?năm\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date_text(value: str) -> tuple[date | None, str | None]:
    """A date written as text: the date, or why not. Day first, always (15/09 is the 15th)."""
    line = " ".join(clean_text(value).casefold().split()).rstrip(".")
    parts = None
    if match := _DMY.fullmatch(line):
        parts = (int(match[4]), int(match[3]), int(match[1]))
    elif match := _WORDS.fullmatch(line):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _ISO.fullmatch(line):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        return None, f"“{value[:40]}” không phải là ngày; hãy ghi ngày dạng dd/mm/yyyy, ví dụ 15/09/2026"
    year, month, day = parts
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"ngày “{value[:40]}” không có trong lịch"


def date_cell(value, bound: bounds.Range = bounds.DATE) -> Result:
    if is_blank(value):
        return None, None
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, str):
        value, refusal = parse_date_text(value)
        if refusal:
            return None, refusal
    elif not isinstance(value, date):
        return None, f"“{str(value)[:40]}” không phải là ngày"
    refusal = bound.refusal(value)
    return (None, f"ngày {refusal}") if refusal else (value, None)


def integer_cell(value, bound: bounds.Range) -> Result:
    if is_blank(value):
        return None, None
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not (math.isfinite(value) and value.is_integer())):
        return None, f"“{str(value)[:40]}” không phải là số nguyên"
    number = int(value)
    refusal = bound.refusal(number)
    return (None, refusal) if refusal else (number, None)


def number_cell(value, bound: bounds.Range, places: int = 2) -> Result:
    if is_blank(value):
        return None, None
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)):
        return None, f"“{str(value)[:40]}” không phải là số"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None, f"“{str(value)[:40]}” không phải là số"
    if number < 0:
        return None, "không được âm"
    refusal = bound.refusal(number)
    if refusal:
        return None, refusal
    return number.quantize(Decimal(1).scaleb(-places)), None


def text_cell(value, *, required=False, limit=500) -> Result:
    line = text(value)
    if required and not line:
        return "", "chưa có nội dung"
    if len(line) > limit:
        return line[:limit], f"dài quá {limit} ký tự"
    return line, None


# Yes/no columns ("Công khai", "Ngoài kỳ kế hoạch", …): what a person types, or Excel's own TRUE/FALSE.
YES = frozenset({"có", "co", "x", "yes", "1", "true"})
NO = frozenset({"", "không", "khong", "no", "0", "false"})


def yes_no_cell(value) -> Result:
    """``True``/``False`` for a yes/no cell (blank is no), or the refusal."""
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value), None
    word = text(value).casefold().rstrip(".")
    if word in YES:
        return True, None
    if word in NO:
        return False, None
    return None, f"“{text(value)[:40]}”: hãy ghi Có hoặc Không"
