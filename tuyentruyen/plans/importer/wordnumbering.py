"""Word's automatic list numbering, rendered as the labels a reader sees.

A numbered paragraph in a DOCX does not carry its label ("1.", "a)", "II.") in its text: it names a
numbering instance (``numId``) and a level (``ilvl``), directly or through its paragraph style. The
instance points at an abstract definition whose levels give a format (decimal, lowerLetter,
upperRoman, bullet, ...), a pattern (``lvlText`` such as "%1.", "%1.%2.", "%3)") and a start value;
the instance may override a level's start (``lvlOverride/startOverride``) or the whole level, which
is how Word restarts a list. Counters are shared by the instances of one abstract definition, as in
Word, except for an instance that restarts a level, which counts on its own from there.

Pure functions over parsed XML (lxml elements); nothing here reads a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    legal: bool = False  # isLgl: every number of the pattern shown in decimal


def _val(el, default: str | None = None) -> str | None:
    return el.get(f"{W}val", default) if el is not None else default


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _read_level(lvl) -> Level:
    is_lgl = lvl.find(f"{W}isLgl")
    return Level(
        fmt=_val(lvl.find(f"{W}numFmt"), "decimal") or "decimal",
        text=_val(lvl.find(f"{W}lvlText"), "") or "",
        start=max(0, _int(_val(lvl.find(f"{W}start")), 1)),
        legal=is_lgl is not None and (_val(is_lgl, "true") or "true").lower() not in ("0", "false", "off"),
    )


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz."""
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


LABEL_KINDS = {"lowerLetter": "letter", "upperLetter": "letter", "lowerRoman": "roman", "upperRoman": "roman",
               "bullet": "dash"}


def label_kind(fmt: str | None) -> str:
    """The importer's label kind for a Word level format (letters, Roman numerals, bullets, else numbers)."""
    return LABEL_KINDS.get(fmt or "", "arabic")


def format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letters(value)
    if fmt == "upperLetter":
        return letters(value).upper()
    if fmt == "lowerRoman":
        return roman(value).lower()
    if fmt == "upperRoman":
        return roman(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)  # decimal and the formats a plan never uses are read as numbers


class WordNumbering:
    """The numbering definitions of one document, and the counters as its paragraphs are read in order."""

    def __init__(self, numbering=None, styles=None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}  # abstract id → numbering style it takes its levels from
        self.level_styles: dict[str, dict[str, int]] = {}  # abstract id → paragraph style id → level
        self.nums: dict[str, str] = {}  # numId → abstract id
        self.overrides: dict[str, dict[int, tuple[int | None, Level | None]]] = {}
        self.style_num: dict[str, tuple[str | None, int | None]] = {}  # paragraph style → (numId, ilvl)
        self.counters: dict[object, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()  # (numId, ilvl) whose override has taken effect
        self.last_format: str | None = None  # the format of the level the last label came from
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(f"{W}abstractNum"):
            aid = abstract.get(f"{W}abstractNumId") or ""
            levels = {}
            for lvl in abstract.findall(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                levels[ilvl] = _read_level(lvl)
                pstyle = _val(lvl.find(f"{W}pStyle"))
                if pstyle:
                    self.level_styles.setdefault(aid, {})[pstyle] = ilvl
            self.abstracts[aid] = levels
            link = _val(abstract.find(f"{W}numStyleLink"))
            if link:
                self.style_link[aid] = link
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId") or ""
            self.nums[num_id] = _val(num.find(f"{W}abstractNumId"), "") or ""
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start_el = override.find(f"{W}startOverride")
                lvl = override.find(f"{W}lvl")
                start = _int(_val(start_el), 1) if start_el is not None else None
                level = _read_level(lvl) if lvl is not None else None
                if start is None and level is not None and lvl.find(f"{W}start") is not None:
                    start = level.start
                self.overrides.setdefault(num_id, {})[ilvl] = (start, level)

    def _read_styles(self, root) -> None:
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        numbering_styles: dict[str, str] = {}
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId") or ""
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if style.get(f"{W}type") == "numbering":
                if num_pr is not None and _val(num_pr.find(f"{W}numId")):
                    numbering_styles[sid] = _val(num_pr.find(f"{W}numId"))
                continue
            if style.get(f"{W}type") != "paragraph":
                continue
            if num_pr is not None:
                ilvl_el = num_pr.find(f"{W}ilvl")
                own[sid] = (_val(num_pr.find(f"{W}numId")), _int(_val(ilvl_el), 0) if ilvl_el is not None else None)
            parent = _val(style.find(f"{W}basedOn"))
            if parent:
                based[sid] = parent
        for sid in set(own) | set(based):
            seen, cur = set(), sid
            num_id, ilvl = None, None
            while cur and cur not in seen:
                seen.add(cur)
                if cur in own:
                    n, i = own[cur]
                    num_id = num_id if num_id is not None else n
                    ilvl = ilvl if ilvl is not None else i
                cur = based.get(cur)
            if num_id is not None or ilvl is not None:
                self.style_num[sid] = (num_id, ilvl)
        # An abstract definition that only links to a numbering style takes that style's levels.
        for aid, link in self.style_link.items():
            target = self.nums.get(numbering_styles.get(link, ""), "")
            if not self.abstracts.get(aid) and target and target != aid:
                self.abstracts[aid] = self.abstracts.get(target, {})

    def paragraph_numbering(self, num_pr, style_id: str) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph from its own numPr, else its style's; None when not numbered."""
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{W}numId"))
            ilvl_el = num_pr.find(f"{W}ilvl")
            ilvl = _int(_val(ilvl_el), 0) if ilvl_el is not None else None
        style_num_id, style_ilvl = self.style_num.get(style_id, (None, None))
        if num_id is None:
            num_id = style_num_id
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None:
            ilvl = self.level_styles.get(self.nums.get(num_id or "", ""), {}).get(style_id, 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, ilvl

    def _level(self, num_id: str, ilvl: int) -> Level | None:
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override and override[1] is not None:
            return override[1]
        return self.abstracts.get(self.nums.get(num_id, ""), {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph of ``num_id`` at level ``ilvl``; advances the counters."""
        level = self._level(num_id, ilvl)
        self.last_format = level.fmt if level is not None else None
        if level is None:
            return ""
        restarts = any(start is not None for start, _ in self.overrides.get(num_id, {}).values())
        key: object = ("num", num_id) if restarts else self.nums.get(num_id, "")
        counters = self.counters.setdefault(key, {})
        start_override = self.overrides.get(num_id, {}).get(ilvl, (None, None))[0]
        if start_override is not None and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = start_override
        else:
            counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none" and "%" in level.text:
            return ""

        def render(m: re.Match) -> str:
            shown = int(m.group(1)) - 1
            other = self._level(num_id, shown) or Level()
            value = counters.get(shown, other.start)
            return format_number(value, "decimal" if level.legal else other.fmt)

        return re.sub(r"%([1-9])", render, level.text).strip()
