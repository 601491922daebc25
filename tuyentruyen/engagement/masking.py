"""Masking personal data in text shown publicly (a published feedback's question). Pure functions.

What is masked: e-mail addresses, ID numbers (9 or 12 digits: CMND, CCCD / personal identification
number), phone numbers (Vietnamese mobiles and landlines, with or without +84, spaces, dots or dashes),
the submitter's own name wherever it appears, and names introduced by the usual phrases ("tôi là",
"tên là", "ông", "bà", "anh", "chị" followed by capitalised words).
"""

import re
import unicodedata

MASK = "***"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of digits with optional separators; judged by its digit count below.
_DIGIT_RUN = re.compile(r"(?<![\w])(?:\+?84[\s.-]?)?\d(?:[\s.-]?\d){7,13}(?![\w])")
_UPPER = "A-ZÀ-ỸĐ"
_NAME_WORD = rf"[{_UPPER}][\w]*"
_INTRO = re.compile(
    rf"(?P<intro>\b(?:[Tt]ôi (?:tên )?là|[Tt]ên (?:tôi )?là|[Tt]ên|[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Ee]m|[Cc]ô|[Cc]hú)\s+)"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})",
    re.UNICODE,
)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def _mask_digits(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    # 9-12 digits: phones (10, or 11-12 with 84), CMND (9), CCCD (12). Shorter runs are amounts, years.
    return MASK if 9 <= len(digits) <= 13 else match.group(0)


def mask_personal_data(text: str, names: list[str] | tuple[str, ...] = ()) -> str:
    text = _EMAIL.sub(MASK, _nfc(text))
    text = _DIGIT_RUN.sub(_mask_digits, text)
    for name in names:
        name = _nfc(name).strip()
        if len(name) >= 2:
            text = re.sub(re.escape(name), MASK, text, flags=re.IGNORECASE)
    return _INTRO.sub(lambda m: m.group("intro") + MASK, text)
