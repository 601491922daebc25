"""Small text helpers shared across apps (pure, no Django)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Zero-width characters, bidi marks, embeddings, overrides and isolates, and the byte-order mark:
# invisible on screen, they make two names that look the same differ (and can reverse a file name's
# extension on screen). Vietnamese text never needs them. NUL too: PostgreSQL refuses it in text.
INVISIBLE = re.compile("[\x00\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def normalise(value: str) -> str:
    """What every piece of text typed or imported becomes before it is read: NFC (the composed form
    that Vietnamese keyboards mostly, but not always, produce) without invisible control characters."""
    if not value:
        return value
    return INVISIBLE.sub("", unicodedata.normalize("NFC", value))


def clean_text(value: str) -> str:
    """Normalise and collapse whitespace."""
    return _SPACES.sub(" ", normalise(value or "")).strip()


def fold(value: str) -> str:
    """Lower-case and strip Vietnamese diacritics, đ/Đ included (NFD drops marks but keeps đ)."""
    decomposed = unicodedata.normalize("NFD", clean_text(value).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def slugify_vi(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


_SENTENCE_END = (".", "!", "?", "…", "./.", ":", ";")


def end_sentence(value: str) -> str:
    """``value`` as a sentence: a full stop is added only when it does not already end with one (or with
    other closing punctuation), so that joining what people typed never gives "..". Spaces before the
    end are dropped ("xong ." → "xong.")."""
    text = (value or "").rstrip()
    if not text:
        return ""
    text = re.sub(r"\s+([.!?;:])$", r"\1", text)
    return text if text.endswith(_SENTENCE_END) else f"{text}."
