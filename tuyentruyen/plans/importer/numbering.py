"""Recognise the numbering labels of Vietnamese administrative documents.

Plans mix Roman numerals (I, II), Arabic numbers (1., 2)), decimals (2.1., 2.1.3), Vietnamese
letters (a, b, c, d, đ, e, g, ... — no f, j, w, z; đ follows d) and dash or bullet items. Markdown
headings and emphasis are stripped before the label is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters used in Vietnamese enumerations: the Latin alphabet without f, j, w, z, plus đ.
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LETTER_INDEX = {ch: i for i, ch in enumerate(VIETNAMESE_LETTERS)}

_ROMAN_RE = re.compile(r"^(?P<label>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\s*[.):]\s*(?P<rest>\S.*)?$")
_DECIMAL_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,4})\.?(?:\s+|(?=[^\W\d_]))(?P<rest>\S.*)?$")
_ARABIC_RE = re.compile(r"^(?P<label>\d{1,2})\s*[.)](?!\d)\s*(?P<rest>\S.*)?$")
_LETTER_RE = re.compile(r"^(?P<label>[a-eg-ik-vxyđ])\s*(?P<punct>[).])\s*(?P<rest>\S.*)?$")
_DASH_RE = re.compile(r"^(?P<mark>[-–—+•*●○▪■◦·✓➢►❖])\s*(?P<rest>\S.*)?$")
_MD_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.*?)\s*#*\s*$")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])")

DASH_MARKS = {"-": "dash", "–": "dash", "—": "dash", "+": "plus"}


@dataclass(frozen=True)
class Label:
    """A numbering label found at the start of a line."""

    kind: str  # roman, arabic, decimal2..decimal5, letter, dash, plus, bullet
    label: str | None  # as printed without punctuation ('II', '2.1', 'đ'); None for dash items
    text: str  # the rest of the line


def strip_markdown(line: str) -> tuple[str, int | None]:
    """Return the line without Markdown heading marks and emphasis, and the heading level if any."""
    level = None
    m = _MD_HEADING_RE.match(line)
    if m:
        level = len(m.group("hashes"))
        line = m.group("rest")
    return strip_emphasis(line), level


def strip_emphasis(text: str) -> str:
    """Remove Markdown emphasis markers (**bold**, *italic*, __bold__, _italic_)."""
    previous = None
    while previous != text:
        previous = text
        text = _MD_EMPHASIS_RE.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(4), text)
    return text


def split_label(line: str) -> Label | None:
    """Read the numbering label at the start of ``line``; None when the line has none."""
    line = line.strip()
    if not line:
        return None
    m = _ROMAN_RE.match(line)
    if m and m.group("label") and m.group("rest"):
        rest = m.group("rest")
        # "I. Mục đích" yes; "V.v." or a sentence starting with a Roman-looking word no.
        if rest[0].isupper() or rest[0].isdigit():
            return Label("roman", m.group("label"), rest)
    m = _DECIMAL_RE.match(line)
    if m and m.group("rest") and not _looks_like_number_in_text(m.group("rest")):
        depth = m.group("label").count(".") + 1
        return Label(f"decimal{depth}", m.group("label"), m.group("rest"))
    m = _ARABIC_RE.match(line)
    if m and m.group("rest") and not _looks_like_number_in_text(m.group("rest")):
        return Label("arabic", m.group("label"), m.group("rest"))
    m = _LETTER_RE.match(line)
    if m and m.group("rest"):
        rest = m.group("rest")
        # "a." must be followed by a capitalised word; "a)" is unambiguous.
        if m.group("punct") == ")" or rest[0].isupper():
            return Label("letter", m.group("label"), rest)
    m = _DASH_RE.match(line)
    if m and m.group("rest"):
        mark = m.group("mark")
        rest = m.group("rest")
        if mark == "*" and rest.endswith("*"):
            return None  # emphasis, not a bullet
        if mark in "-–—" and re.match(r"^\d", rest) and not line[1:2].isspace():
            return None  # a negative number or a range such as "-2025"
        return Label(DASH_MARKS.get(mark, "bullet"), None, rest)
    return None


def _looks_like_number_in_text(rest: str) -> bool:
    # "1. 000 người" or "2.5 triệu" are not labels; a label is followed by words.
    return bool(re.match(r"^\d", rest)) and not re.match(r"^\d{1,2}[.)]\s", rest)


def letter_index(label: str) -> int | None:
    """Position of a Vietnamese enumeration letter: a=0, b=1, c=2, d=3, đ=4, e=5, g=6, ..."""
    return _LETTER_INDEX.get(label.lower())


def roman_to_int(label: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    previous = 0
    for ch in reversed(label.upper()):
        if ch not in values:
            return None
        value = values[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total or None


def next_letter(label: str) -> str | None:
    """The letter that follows ``label`` in a Vietnamese enumeration (d → đ → e, h → i → k)."""
    i = letter_index(label)
    if i is None or i + 1 >= len(VIETNAMESE_LETTERS):
        return None
    return VIETNAMESE_LETTERS[i + 1]
