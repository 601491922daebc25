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


# Vietnamese alphabetical order (TCVN 5712 / dictionaries): a ă â b c d đ e ê … o ô ơ … u ư …, with the
# letters Vietnamese does not use (f j w z) in their Latin places. Tone marks only break ties, in the
# order dictionaries use: none, huyền, sắc, hỏi, ngã, nặng.
_VI_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_VI_LETTERS)}
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _letter_and_tone(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    tone = next((_TONE_RANK[mark] for mark in decomposed if mark in _TONE_RANK), 0)
    letter = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONE_RANK))
    return letter, tone


_DIGITS = re.compile(r"\d+")


def vi_sort_key(value: str) -> tuple:
    """A key that sorts Vietnamese text as a reader expects: "Đăng ký" after "Dân số" and before "Em",
    "Ăn" after "An", where code-point order (and SQL ``ORDER BY`` under the C locale) puts Đ after Z.
    Numbers by value ("Thôn 2" before "Thôn 10"). Letters first, then tone marks, then the text itself,
    so the order is total and stable."""
    text = clean_text(value or "")
    letters, tones = [], []
    position = 0
    lowered = text.lower()
    for run in [*_DIGITS.finditer(lowered), None]:
        end = run.start() if run else len(lowered)
        for ch in lowered[position:end]:
            letter, tone = _letter_and_tone(ch)
            rank = _LETTER_RANK.get(letter)
            # Spaces and punctuation before numbers before letters, so "Xã A" < "Xã An" < "Xã Ấp".
            letters.append((2, rank) if rank is not None else (0, ord(letter)))
            tones.append(tone)
        if run:
            letters.append((1, int(run.group())))
            position = run.end()
    return tuple(letters), tuple(tones), text
