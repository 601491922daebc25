"""Layout decisions for the report document a leader signs. Pure: no Django.

A report reads like an official one when its tables fill the text width with columns sized to what they
hold (a “TT” column is narrow, a task's title wide), long tables go to a landscape annex instead of
running down page after page, a topic is named by its label and first words (its whole text is in the
plan), and evidence is given as full addresses a reader can open from the PDF.
"""

from __future__ import annotations

import re

from docx.shared import Mm

# one estimate of printed width for both documents; the plan exporter sizes its rules with it
from tuyentruyen.plans.export.docx import _estimate_width

CELL_PADDING_MM = 4.6  # LibreOffice's and Word's default cell margins (2 × 1.9 mm) and a little air
BODY_ROWS_LIMIT = 8  # a table longer than this goes to the annex
ANNEX_ALWAYS = ("tasks", "late")  # wide tables: always on landscape pages
NO_CHANNEL = "(không ghi kênh)"  # the channel of activities recorded without one
SHORT_WORDS = 9
SHORT_CHARS = 70
LABEL_RE = re.compile(r"^([0-9]+(?:\.[0-9]+)*|[a-zđ]|[IVXLC]+)[.)]\s+")


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Printed width of ``text`` in Times New Roman, in mm: the plan exporter's estimate (per-character
    class averages), close enough to size a column, not to typeset."""
    return _estimate_width(text, size_pt, bold) / Mm(1)


def column_widths(headings: list[str], rows: list[list[str]], total_mm: float, size_pt: float) -> list[float]:
    """Widths (mm) that add up to ``total_mm``: each column at least as wide as its longest word, then
    the room left shared by how much more each column's longest text would take on one line."""
    columns = len(headings)
    least, wish = [0.0] * columns, [0.0] * columns
    for index in range(columns):
        cells = [(headings[index], True)] + [(str(row[index]), False) for row in rows]
        for text, bold in cells:
            words = text.split() or [""]
            least[index] = max(least[index], max(text_width_mm(w, size_pt, bold) for w in words) + CELL_PADDING_MM)
            wish[index] = max(wish[index], text_width_mm(text, size_pt, bold) + CELL_PADDING_MM)
    if sum(least) >= total_mm:
        return [total_mm * w / sum(least) for w in least]
    if sum(wish) <= total_mm:
        # everything fits on one line: the room left goes to the columns of text, not to numbers
        spare = total_mm - sum(wish)
        weights = [max(0.0, w - least[i]) + w * 0.25 for i, w in enumerate(wish)]
        return [w + spare * weights[i] / sum(weights) for i, w in enumerate(wish)]
    spare = total_mm - sum(least)
    wants = [wish[i] - least[i] for i in range(columns)]
    return [least[i] + spare * wants[i] / sum(wants) for i in range(columns)]


def shorten(text: str, words: int = SHORT_WORDS, chars: int = SHORT_CHARS) -> str:
    """A topic as a table names it: its label and first words, “…” where text was left out.

    “a. Chủ trương của Đảng, chính sách, pháp luật của Nhà nước về cải cách hành chính; trọng tâm …”
    → “a. Chủ trương của Đảng, chính sách, pháp luật của Nhà…”.
    """
    text = " ".join((text or "").split())
    match = LABEL_RE.match(text)
    label, body = (match[0], text[match.end():]) if match else ("", text)
    kept = body.split()
    if len(kept) <= words and len(body) <= chars:
        return text
    out = []
    for word in kept[:words]:
        if len(" ".join(out + [word])) > chars:
            break
        out.append(word)
    short = " ".join(out or [kept[0][:chars]]).rstrip(",;:.-–")
    return f"{label}{short}…"


FIGURE_RE = re.compile(r"^[-+—]?[\d.,]*%?$|^\d{2}/\d{2}/\d{4}$")


def is_figure(text: str) -> bool:
    """A number, a percentage, a dash for none or a date: what a table prints centred."""
    return bool(FIGURE_RE.match(text.strip()))


def goes_to_annex(key: str, rows: list) -> bool:
    return key in ANNEX_ALWAYS or len(rows) > BODY_ROWS_LIMIT


def absolute(url: str, site_url: str) -> str:
    """An address a reader of the printed or PDF report can open: the product's own links are relative."""
    if url.startswith("/") and not url.startswith("//"):
        return site_url.rstrip("/") + url
    return url


def sentence_case(text: str) -> str:
    """Capitalise the first letter only (``str.capitalize`` turns “quý III” into “Quý iii”)."""
    return text[:1].upper() + text[1:]
