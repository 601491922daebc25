"""Small text helpers shared across apps (pure, no Django)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """NFC-normalise and collapse whitespace."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def fold(value: str) -> str:
    """Lower-case and strip Vietnamese diacritics, đ/Đ included (NFD drops marks but keeps đ)."""
    decomposed = unicodedata.normalize("NFD", clean_text(value).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def slugify_vi(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")
