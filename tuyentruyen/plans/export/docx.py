"""Render a plan as an official Word document (DOCX).

The input is a plan dict in the shape of ``plan.schema.json`` (what the importer
produces and the API serves). The layout follows Nghị định 30/2020/NĐ-CP,
Phụ lục I (thể thức và kỹ thuật trình bày văn bản hành chính): A4 portrait,
Times New Roman, the two-column letterhead, the preamble of legal bases, the body,
the recipients list beside the signature block, and the task catalogue annexed on
landscape pages.

Pure Python: nothing here imports Django, so the renderer can be used from a
management command, a view or a benchmark alike.

Round trip: the importer reads this document back into the same fields
(tests/test_round_trip.py). One rule is not reversible, by design: the
letterhead always prints the number line and the place-and-date line, so a
null ``symbol`` is printed as the conventional ``Số:      /KH-UBND`` and a
null ``place`` as the commune's name, and they read back as ``KH-UBND`` and
that name. The number and the date stay blank and read back as null.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Iterator

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

__all__ = ["render_plan_docx", "citation_sentence", "format_issue_date"]

FONT_NAME = "Times New Roman"

# Page set-up: A4, margins within the ranges Phụ lục I allows.
PAGE_SHORT = Mm(210)
PAGE_LONG = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
HEADER_DISTANCE = Mm(10)

BODY_PT = 14
FIRST_LINE_INDENT = Cm(1.27)
PARAGRAPH_SPACING_PT = 6
BODY_LINE_SPACING = 1.15

ISSUER_PT = 13
NUMBER_PT = 13
NATIONAL_TITLE_PT = 13
MOTTO_PT = 14
DATE_PT = 14
RECIPIENTS_HEADING_PT = 12
RECIPIENTS_PT = 11
SIGNATURE_PT = 14
TABLE_PT = 12

# Letterhead columns; together they fill the portrait text width (165 mm).
LETTERHEAD_LEFT = Mm(62)
LETTERHEAD_RIGHT = Mm(103)
SIGNATURE_LEFT = Mm(80)
SIGNATURE_RIGHT = Mm(85)

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Width of MOTTO set in 14 pt bold Times New Roman (Liberation Serif has the same
# metrics), measured once from a rendered PDF: the rule under it must match it.
MOTTO_WIDTH = Mm(60.4)

DEFAULT_SYMBOL = "KH-UBND"
BLANK_NUMBER = "     "  # room left for the number, written in by hand at registration
BLANK_DAY = "    "

# Annex table: TT | content | lead | coordinating | timeframe | deliverable.
ANNEX_HEADINGS = (
    "TT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "Sản phẩm",
)
ANNEX_WIDTHS_MM = (12, 78, 38, 38, 44, 42)  # 252 mm: landscape text width

KIND_WORDS = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
ROMAN_RE = re.compile(r"^[IVXLC]+$")
ARABIC_RE = re.compile(r"^\d+(\.\d+)*$")
LETTER_RE = re.compile(r"^[a-zđ]$")
LEADING_ROMAN_RE = re.compile(r"^[IVXLC]+[.)]\s*")
# Bodies outside the committee's authority (see _responsible_heading).
REQUESTED_UNITS = (
    "Ủy ban Mặt trận",
    "Ủy ban MTTQ",
    "UBMTTQ",
    "Mặt trận",
    "Hội ",
    "Đoàn Thanh niên",
    "Liên đoàn",
    "Các tổ chức chính trị",
    "Các đoàn thể",
)
# Ids of the paragraph styles used (see _add); _configure_styles checks them.
STYLE_IDS = {
    "Letterhead": "Letterhead",
    "Cell Text": "CellText",
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "Heading 3": "Heading3",
}
ANNEX_HEADINGS_IN_BODY = ("DANH MỤC", "PHỤ LỤC")
# Document types whose trích yếu follows "ban hành" when it names an instrument.
ENACTING_TYPES = {"Nghị quyết", "Nghị định", "Quyết định", "Thông tư"}
INSTRUMENT_NOUNS = (
    "Chương trình",
    "Kế hoạch",
    "Quy chế",
    "Quy định",
    "Danh mục",
    "Bộ chỉ số",
    "Điều lệ",
)


# --------------------------------------------------------------------------- text


def _roman(n: int) -> str:
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in numerals:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(index: int) -> str:
    """The Vietnamese list letter for a 0-based index: a, b, c, d, đ, e, g, ..."""
    return VIETNAMESE_LETTERS[index % len(VIETNAMESE_LETTERS)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _plan_year(plan: dict) -> int:
    for value in (plan.get("date"), (plan.get("period") or {}).get("start")):
        parsed = _parse_date(value)
        if parsed:
            return parsed.year
    return datetime.date.today().year


def format_issue_date(plan: dict) -> str:
    """Place and date line of the letterhead, as Phụ lục I prescribes it.

    Days under 10 and the months January and February take a leading zero; a
    draft without a date leaves room for the day and month to be written in. A
    null place is printed as the commune's name (the place a commune signs at).
    """
    place = plan.get("place") or (plan.get("commune") or {}).get("name") or ""
    issued = _parse_date(plan.get("date"))
    if issued:
        when = f"ngày {issued.day:02d} tháng {_month(issued.month)} năm {issued.year}"
    else:
        when = f"ngày{BLANK_DAY}tháng{BLANK_DAY}năm {_plan_year(plan)}"
    return f"{place}, {when}" if place else when


def _month(month: int) -> str:
    # Nghị định 30/2020/NĐ-CP pads days under 10 but, of the months, only 1 and 2.
    return f"{month:02d}" if month < 3 else str(month)


def _short_date(value: str | None) -> str | None:
    """dd/m/yyyy as the genre cites documents: 02/9/2021, 08/01/2026."""
    parsed = _parse_date(value)
    return f"{parsed.day:02d}/{_month(parsed.month)}/{parsed.year}" if parsed else None


def _issuer(plan: dict) -> str:
    if plan.get("issuer"):
        return plan["issuer"]
    commune = plan.get("commune")
    if commune:
        kind = KIND_WORDS.get(commune.get("kind"), "xã")
        return f"Ủy ban nhân dân {kind} {commune['name']}"
    return "Ủy ban nhân dân"


def _issuer_lines(issuer: str) -> list[str]:
    """Upper-case issuing body, broken after 'ỦY BAN NHÂN DÂN' as the genre does; a body under a parent
    ("Ủy ban nhân dân tỉnh …\nSở Nội vụ") keeps its two lines."""
    if "\n" in issuer:
        return [line.strip().upper() for line in issuer.splitlines() if line.strip()]
    upper = issuer.upper()
    for head in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"):
        if upper.startswith(head + " "):
            return [head, upper[len(head) + 1 :].strip()]
    return [upper]


def _number_line(plan: dict) -> str:
    """'Số: 05/KH-UBND'; a blank number leaves room to write it in, a null symbol prints as KH-UBND."""
    number = plan.get("number") or BLANK_NUMBER
    return f"Số: {number}/{plan.get('symbol') or DEFAULT_SYMBOL}"


def _citation_connector(citation: dict) -> str:
    title = citation.get("title") or ""
    lowered = title.lower()
    if lowered.startswith(("về ", "ban hành ", "quy định ", "hướng dẫn ")):
        return ""
    if citation.get("type") in ENACTING_TYPES and title.startswith(INSTRUMENT_NOUNS):
        return "ban hành "
    return "về "


def citation_sentence(citation: dict, lead: str = "Căn cứ") -> str:
    """One preamble line built from a citation.

    ``Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành ...;``
    """
    doc_type = (citation.get("type") or "").strip()
    title = (citation.get("title") or "").strip().rstrip(";.")
    parts = [lead]
    if doc_type == "Luật" and title:
        # An Act is cited by its name: "Luật Tổ chức chính quyền địa phương ..."
        parts.append(title if title.startswith("Luật") else f"Luật {title}")
        title = ""
    elif doc_type:
        parts.append(doc_type)
    if citation.get("number"):
        parts.append(f"số {citation['number']}")
    date = _short_date(citation.get("date"))
    if date:
        parts.append(f"ngày {date}")
    if citation.get("issuer"):
        parts.append(f"của {citation['issuer']}")
    if title:
        parts.append(_citation_connector(citation) + title)
    return " ".join(parts) + ";"


def _recipient_lines(recipients: Iterable[dict]) -> list[str]:
    """'- name (purpose);' lines, ending with the archive line '- Lưu: VT, ….'"""
    lines, archive = [], None
    for recipient in recipients:
        name = (recipient.get("name") or "").strip().lstrip("-").strip().rstrip(";.,")
        if not name:
            continue
        if name.lower().startswith("lưu"):
            archive = name
            continue
        purpose = (recipient.get("purpose") or "").strip().strip("()")
        lines.append(f"- {name} ({purpose});" if purpose else f"- {name};")
    lines.append(f"- {archive or 'Lưu: VT'}.")
    return lines


# ------------------------------------------------------------------------ OOXML


def _set_fonts(rPr) -> None:
    """Name Times New Roman for every script slot, dropping theme fonts.

    Theme attributes (asciiTheme, ...) take precedence over explicit names, so they
    must go, or Word falls back to the template's Calibri/Cambria.
    """
    fonts = rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        # rFonts comes right after an rStyle, if any, and before everything else.
        style_ref = rPr.find(qn("w:rStyle"))
        if style_ref is not None:
            style_ref.addnext(fonts)
        else:
            rPr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT_NAME)


# Child order that Word enforces (ECMA-376 CT_TblPr, CT_TrPr): an element out of
# sequence makes Word report the file as damaged even where LibreOffice copes.
TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)
TRPR_ORDER = (
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:cantSplit",
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
)


def _put_in_order(parent, child, order: tuple[str, ...]):
    """Insert ``child`` before the first sibling that must follow it."""
    position = order.index(_prefixed(child.tag))
    followers = {qn(tag) for tag in order[position + 1 :]}
    for sibling in parent:
        if sibling.tag in followers:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def _prefixed(clark: str) -> str:
    return "w:" + clark.rsplit("}", 1)[-1]


def _get_or_add(parent, tag: str):
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    return child


def _configure_styles(document: DocxDocument) -> None:
    styles_root = document.styles.element
    defaults = styles_root.find(qn("w:docDefaults"))
    rPr_default = _get_or_add(_get_or_add(defaults, "w:rPrDefault"), "w:rPr")
    _set_fonts(rPr_default)
    for tag in ("w:sz", "w:szCs"):
        _get_or_add(rPr_default, tag).set(qn("w:val"), str(BODY_PT * 2))
    lang = _get_or_add(rPr_default, "w:lang")
    lang.set(qn("w:val"), "vi-VN")
    for style in styles_root.findall(qn("w:style")):
        _set_fonts(style.get_or_add_rPr())

    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(PARAGRAPH_SPACING_PT)
    fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    fmt.line_spacing = BODY_LINE_SPACING
    fmt.widow_control = True

    # Headings keep the body's look (the genre prints them as bold body lines) but
    # stay real headings so Word's navigation pane lists the plan's parts.
    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"]
        heading.font.size = Pt(BODY_PT)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        hfmt = heading.paragraph_format
        hfmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        hfmt.first_line_indent = FIRST_LINE_INDENT
        hfmt.left_indent = Pt(0)
        hfmt.space_before = Pt(PARAGRAPH_SPACING_PT)
        hfmt.space_after = Pt(PARAGRAPH_SPACING_PT)
        hfmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        hfmt.line_spacing = BODY_LINE_SPACING
        hfmt.keep_with_next = True

    cell = document.styles.add_style("Cell Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(TABLE_PT)
    cfmt = cell.paragraph_format
    cfmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cfmt.first_line_indent = Pt(0)
    cfmt.space_before = Pt(2)
    cfmt.space_after = Pt(2)
    cfmt.line_spacing_rule = WD_LINE_SPACING.SINGLE

    block = document.styles.add_style("Letterhead", WD_STYLE_TYPE.PARAGRAPH)
    block.base_style = normal
    bfmt = block.paragraph_format
    bfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bfmt.first_line_indent = Pt(0)
    bfmt.space_before = Pt(0)
    bfmt.space_after = Pt(0)
    bfmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for style in (cell, block):
        _set_fonts(style.element.get_or_add_rPr())
    for name, style_id in STYLE_IDS.items():
        assert document.styles[name].style_id == style_id, name


def _setup_page(section, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = PAGE_LONG if landscape else PAGE_SHORT
    section.page_height = PAGE_SHORT if landscape else PAGE_LONG
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE
    section.gutter = Mm(0)


def _add_page_field(paragraph: Paragraph) -> None:
    """A PAGE field as begin/instr/separate/result/end runs (what Word writes)."""

    def field_run(child) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(BODY_PT)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    field_run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    field_run(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    field_run(separate)
    result = paragraph.add_run("2")
    result.font.size = Pt(BODY_PT)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    field_run(end)


def _setup_page_numbers(section) -> None:
    # Page numbers sit centred in the top margin from the second page on: the first
    # page gets its own, empty header.
    section.different_first_page_header_footer = True
    first = section.first_page_header.paragraphs[0]
    first._p.style = STYLE_IDS["Letterhead"]
    header = section.header.paragraphs[0]
    header._p.style = STYLE_IDS["Letterhead"]
    _add_page_field(header)


def _cell_margins(table: Table, left_mm: float, right_mm: float) -> None:
    tblPr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("w:left", left_mm), ("w:right", right_mm)):
        el = OxmlElement(side)
        el.set(qn("w:w"), str(int(Mm(value).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    _put_in_order(tblPr, margins, TBLPR_ORDER)


def _table_borders(table: Table, visible: bool) -> None:
    tblPr = table._tbl.tblPr
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if visible:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    _put_in_order(tblPr, borders, TBLPR_ORDER)


def _fixed_table(container, widths: list[Length], visible_borders: bool) -> Table:
    table = container.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblPr = table._tbl.tblPr
    # autofit = False above has written <w:tblLayout w:type="fixed"/>.
    tblW = tblPr.find(qn("w:tblW"))
    if tblW is None:
        tblW = _put_in_order(tblPr, OxmlElement("w:tblW"), TBLPR_ORDER)
    tblW.set(qn("w:w"), str(sum(int(w.twips) for w in widths)))
    tblW.set(qn("w:type"), "dxa")
    for gridCol, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gridCol.set(qn("w:w"), str(int(width.twips)))
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    _table_borders(table, visible_borders)
    return table


def _add(container, style: str | None = None) -> Paragraph:
    """Add a paragraph in one of our styles.

    The style id is written directly: python-docx resolves a style name by
    scanning every style in the template, which made the annex table (hundreds of
    cell paragraphs) dominate the render time.
    """
    paragraph = container.add_paragraph()
    if style is not None:
        paragraph._p.style = STYLE_IDS[style]
    return paragraph


def _cant_split(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn("w:cantSplit")) is None:
        _put_in_order(trPr, OxmlElement("w:cantSplit"), TRPR_ORDER)


def _write(
    paragraph: Paragraph,
    text: str,
    *,
    size: int | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> Paragraph:
    run = paragraph.add_run(text)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    return paragraph


def _cell_paragraph(cell: _Cell, style: str, first: bool) -> Paragraph:
    """Reuse the empty paragraph a new cell holds, then add more after it."""
    if first and cell.paragraphs and not cell.paragraphs[0].text:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = STYLE_IDS[style]
        return paragraph
    return _add(cell, style)


def _rule(container, length: Length, column: Length, space_before: int = 5) -> Paragraph:
    """A short horizontal rule, centred in the column.

    Drawn as the bottom border of an empty, nearly zero-height paragraph whose
    indents leave ``length`` between them. A paragraph border flows with the text
    and converts to PDF faithfully; a floating drawn shape is anchored by offsets
    that Word and LibreOffice do not always compute alike.
    """
    paragraph = _add(container, "Letterhead")
    side = max(0, (int(column) - int(length)) // 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Emu(side)
    fmt.right_indent = Emu(side)
    fmt.space_before = Pt(space_before)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    pPr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # pBdr must precede spacing/ind in CT_PPr's sequence.
    anchor = pPr.find(qn("w:spacing"))
    if anchor is None:
        anchor = pPr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        pPr.append(borders)
    mark = _get_or_add(pPr, "w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    return paragraph


def _estimate_width(text: str, size_pt: int, bold: bool = True) -> Length:
    """Rough printed width of a line of Times New Roman, for sizing short rules.

    Averages per character class are good to a few percent for Vietnamese text,
    which is all a rule of "one third to one half of the line" needs.
    """
    em = 0.0
    for char in text:
        if char == " ":
            em += 0.25
        elif char.isupper():
            em += 0.72 if bold else 0.68
        elif char.isdigit():
            em += 0.5
        elif char.isalpha():
            em += 0.5 if bold else 0.46
        else:
            em += 0.33
    return Pt(em * size_pt)


# ------------------------------------------------------------------ document parts


def _letterhead(document: DocxDocument, plan: dict) -> None:
    table = _fixed_table(document, [LETTERHEAD_LEFT, LETTERHEAD_RIGHT], visible_borders=False)
    _cell_margins(table, 0, 0)
    left, right = table.rows[0].cells

    lines = _issuer_lines(_issuer(plan))
    for index, line in enumerate(lines):
        _write(_cell_paragraph(left, "Letterhead", index == 0), line, size=ISSUER_PT, bold=True)
    longest = max(_estimate_width(line, ISSUER_PT) for line in lines)
    _rule(left, Length(int(longest * 0.4)), LETTERHEAD_LEFT)
    number = _cell_paragraph(left, "Letterhead", False)
    number.paragraph_format.space_before = Pt(8)
    _write(number, _number_line(plan), size=NUMBER_PT)

    _write(_cell_paragraph(right, "Letterhead", True), NATIONAL_TITLE, size=NATIONAL_TITLE_PT, bold=True)
    _write(_cell_paragraph(right, "Letterhead", False), MOTTO, size=MOTTO_PT, bold=True)
    _rule(right, MOTTO_WIDTH, LETTERHEAD_RIGHT)
    date = _cell_paragraph(right, "Letterhead", False)
    date.paragraph_format.space_before = Pt(8)
    _write(date, format_issue_date(plan), size=DATE_PT, italic=True)


def _title_block(document: DocxDocument, plan: dict) -> None:
    doc_type = _add(document, "Letterhead")
    doc_type.paragraph_format.space_before = Pt(18)
    _write(doc_type, (plan.get("doc_type") or "KẾ HOẠCH").upper(), size=BODY_PT, bold=True)
    title = _add(document, "Letterhead")
    _write(title, plan.get("title") or "", size=BODY_PT, bold=True)
    text_width = PAGE_SHORT - MARGIN_LEFT - MARGIN_RIGHT
    line = min(int(_estimate_width(plan.get("title") or "", BODY_PT)), int(text_width))
    length = Length(max(int(Cm(2.5)), min(int(line * 0.35), int(Cm(5)))))
    # The rule is drawn in the body, so it is measured against the text width.
    rule = _rule(document, length, text_width)
    rule.paragraph_format.space_after = Pt(12)


def _is_preamble(section: dict) -> bool:
    if section.get("label") or section.get("heading") or section.get("children"):
        return False
    paragraphs = section.get("paragraphs") or []
    return bool(paragraphs) and paragraphs[0].startswith(("Căn cứ", "Thực hiện"))


def _preamble(document: DocxDocument, plan: dict, sections: list[dict]) -> list[dict]:
    """Legal bases in italics, then the sentence that introduces the body.

    When the importer kept the preamble as the tree's first, unlabelled section,
    that text is printed as it stands and the section is consumed.
    """
    if sections and _is_preamble(sections[0]):
        for text in sections[0]["paragraphs"]:
            italic = text.startswith(("Căn cứ", "Thực hiện"))
            _write(_add(document), text, italic=italic)
        return sections[1:]
    for citation in plan.get("legal_bases") or []:
        _write(_add(document), citation_sentence(citation), italic=True)
    title = _lower_first(plan.get("title") or "")
    _write(_add(document), f"{_issuer(plan)} ban hành Kế hoạch {title}, cụ thể như sau:")
    return sections


def _label_kind(label: str | None) -> str | None:
    if not label:
        return None
    if ROMAN_RE.match(label):
        return "roman"
    if ARABIC_RE.match(label):
        return "arabic"
    if LETTER_RE.match(label):
        return "letter"
    return "other"


def _labelled(label: str | None, text: str) -> str:
    kind = _label_kind(label)
    if kind in ("roman", "arabic"):
        return f"{label}. {text}"
    if kind == "letter":
        return f"{label}) {text}"
    if kind == "other":
        return f"{label} {text}"
    return text


def _is_unlabelled_heading(section: dict) -> bool:
    """An unlabelled heading ('DANH MỤC', a bold 'Nội dung tuyên truyền') rather than a dash item."""
    heading = (section.get("heading") or "").strip()
    letters = [ch for ch in heading if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    short = len(heading.split()) <= 12 and not re.search(r"[.;!?…]$", heading)
    body = section.get("children") or section.get("paragraphs")
    return short and bool(body) and not heading.startswith(("-", "+"))


def _render_sections(document: DocxDocument, sections: list[dict], depth: int = 0) -> None:
    for section in sections:
        label, heading = section.get("label"), section.get("heading")
        kind = _label_kind(label)
        paragraphs = list(section.get("paragraphs") or [])
        if heading:
            if kind == "roman":
                paragraph = _add(document, "Heading 1")
                _write(paragraph, _labelled(label, heading.upper()), bold=True)
            elif kind == "arabic":
                level = 2 if "." not in label else 3
                paragraph = _add(document, f"Heading {level}")
                _write(paragraph, _labelled(label, heading), bold=True)
            elif kind == "letter":
                _write(_add(document), _labelled(label, heading))
            elif kind is None and depth > 0 and not _is_unlabelled_heading(section):
                # The importer keeps a dash item as an unlabelled node whose heading is the item.
                _write(_add(document), heading if heading.startswith(("-", "+")) else f"- {heading}")
            else:
                _write(_add(document), _labelled(label, heading), bold=True)
        elif label and paragraphs:
            paragraphs[0] = _labelled(label, paragraphs[0])
        for text in paragraphs:
            _write(_add(document), text)
        _render_sections(document, section.get("children") or [], depth + 1)


def _section(label=None, heading=None, paragraphs=None, children=None) -> dict:
    return {
        "label": label,
        "heading": heading,
        "paragraphs": list(paragraphs or []),
        "children": list(children or []),
    }


def _dashed(items: Iterable[str]) -> list[str]:
    return [item if item.startswith(("-", "+")) else f"- {item}" for item in items if item]


def _labelled_items(items: list[dict]) -> list[dict]:
    """Topics and channels as list items, lettered when none carries a label."""
    lettered = len(items) > 1 and all(not item.get("label") for item in items)
    out = []
    for index, item in enumerate(items):
        label = item.get("label") or (_letter(index) if lettered else None)
        text = item.get("text") or ""
        out.append(_section(label, None, [text]) if label else _section(None, None, _dashed([text])))
    return out


def _responsible_heading(unit: str) -> str:
    # The committee directs its own units but can only ask the Front and the
    # mass organisations, whose heading the genre opens with "Đề nghị".
    if unit.startswith(REQUESTED_UNITS):
        return f"Đề nghị {unit}"
    return unit


def sections_from_fields(plan: dict) -> list[dict]:
    """Build the body tree from the structured fields, in the genre's usual order.

    Used when a plan was built in the editor and has no ``sections`` of its own,
    so that its export is still a complete document.
    """
    parts: list[tuple[str, list[dict], list[str]]] = []

    aims: list[dict] = []
    if plan.get("purposes"):
        aims.append(_section("1", "Mục đích", _dashed(plan["purposes"])))
    if plan.get("requirements"):
        aims.append(_section(str(len(aims) + 1), "Yêu cầu", _dashed(plan["requirements"])))
    if plan.get("audiences"):
        aims.append(_section(str(len(aims) + 1), "Đối tượng tuyên truyền", _dashed(plan["audiences"])))
    if aims:
        heading = "Mục đích, yêu cầu và đối tượng" if plan.get("audiences") else "Mục đích, yêu cầu"
        parts.append((heading, aims, []))

    content: list[dict] = []
    if plan.get("topics"):
        content.append(_section("1", "Nội dung tuyên truyền", children=_labelled_items(plan["topics"])))
    if plan.get("channels"):
        content.append(
            _section(
                str(len(content) + 1), "Hình thức tuyên truyền", children=_labelled_items(plan["channels"])
            )
        )
    if content:
        parts.append(("Nội dung và hình thức tuyên truyền", content, []))

    if plan.get("tasks"):
        parts.append(
            (
                "Nhiệm vụ cụ thể",
                [],
                [
                    "Các cơ quan, đơn vị được giao chủ trì nhiệm vụ tại Danh mục kèm theo Kế hoạch này "
                    "chủ động triển khai, bảo đảm chất lượng và đúng thời hạn; kết quả thực hiện được "
                    "cập nhật đầy đủ cùng minh chứng trong báo cáo định kỳ."
                ],
            )
        )

    if plan.get("budget"):
        parts.append(("Kinh phí thực hiện", [], [plan["budget"]]))

    duties = [
        _section(str(index), _responsible_heading(item.get("unit") or ""), _dashed(item.get("duties") or []))
        for index, item in enumerate(plan.get("responsibilities") or [], start=1)
    ]
    if duties:
        parts.append(("Tổ chức thực hiện", duties, []))

    return [
        _section(_roman(index), heading, paragraphs, children)
        for index, (heading, children, paragraphs) in enumerate(parts, start=1)
    ]


def _walk_paragraphs(sections: list[dict]) -> Iterator[str]:
    for section in sections:
        yield from section.get("paragraphs") or []
        yield from _walk_paragraphs(section.get("children") or [])


def _closing(document: DocxDocument, plan: dict, sections: list[dict]) -> None:
    """The closing sentence ending in '/.', unless the body already has one."""
    for text in _walk_paragraphs(sections):
        stripped = text.strip()
        if stripped.startswith("Trên đây") or stripped.endswith("/."):
            return
    title = _lower_first(plan.get("title") or "")
    _write(
        _add(document),
        f"Trên đây là Kế hoạch {title}. Trong quá trình tổ chức thực hiện, nếu phát sinh khó khăn, "
        "vướng mắc, các cơ quan, đơn vị kịp thời báo cáo Ủy ban nhân dân xã để xem xét, "
        "chỉ đạo giải quyết./.",
    )


def _signature_block(document: DocxDocument, plan: dict) -> None:
    spacer = _add(document, "Letterhead")
    spacer.paragraph_format.space_before = Pt(6)
    table = _fixed_table(document, [SIGNATURE_LEFT, SIGNATURE_RIGHT], visible_borders=False)
    _cell_margins(table, 0, 0)
    _cant_split(table.rows[0])
    left, right = table.rows[0].cells

    heading = _cell_paragraph(left, "Letterhead", True)
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _write(heading, "Nơi nhận:", size=RECIPIENTS_HEADING_PT, bold=True, italic=True)
    for line in _recipient_lines(plan.get("recipients") or []):
        paragraph = _add(left, "Letterhead")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _write(paragraph, line, size=RECIPIENTS_PT)

    signer = plan.get("signer") or {"on_behalf": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH"}
    authority = [signer.get(key) for key in ("on_behalf", "deputy", "title") if signer.get(key)]
    for index, line in enumerate(authority):
        _write(_cell_paragraph(right, "Letterhead", index == 0), line.upper(), size=SIGNATURE_PT, bold=True)
    name = _cell_paragraph(right, "Letterhead", not authority)
    # Room for the handwritten signature and the seal.
    name.paragraph_format.space_before = Pt(84)
    _write(name, signer.get("name") or "", size=SIGNATURE_PT, bold=True)


def _set_repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn("w:tblHeader")) is None:
        _put_in_order(trPr, OxmlElement("w:tblHeader"), TRPR_ORDER)


def _fill_cell(cell: _Cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = _cell_paragraph(cell, "Cell Text", True)
    paragraph.alignment = align
    if text:
        _write(paragraph, text, bold=True if bold else None)


def data_table(
    document: DocxDocument, headings: list[str], rows: list[list[str]], widths: list[Length] | None = None
) -> Table:
    """A bordered table of figures in the document's own cell style, its header row repeated on every
    page and no row split across pages (for reports built on this layout). Added at the end of the
    document; the caller moves it where it belongs. With ``widths``, its columns are fixed to them."""
    if widths is not None:
        table = _fixed_table(document, widths, visible_borders=True)
    else:
        table = document.add_table(rows=1, cols=len(headings))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_borders(table, visible=True)
    header = table.rows[0]
    _set_repeat_header(header)
    _cant_split(header)
    for cell, heading in zip(header.cells, headings, strict=True):
        _fill_cell(cell, heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for values in rows:
        row = table.add_row()
        _cant_split(row)
        for cell, value in zip(row.cells, values, strict=True):
            _fill_cell(cell, value)
    return table


def _annex_reference(plan: dict) -> str:
    number = plan.get("number") or BLANK_NUMBER
    symbol = plan.get("symbol") or DEFAULT_SYMBOL
    date = _short_date(plan.get("date")) or f"{BLANK_DAY}/{BLANK_DAY}/{_plan_year(plan)}"
    return f"(Kèm theo Kế hoạch số {number}/{symbol} ngày {date} của {_issuer(plan)})"


def _split_annex(sections: list[dict]) -> tuple[list[dict], dict | None]:
    """Take the annex's own section (heading 'DANH MỤC' / 'PHỤ LỤC') out of the body.

    The importer keeps the annex titles in ``sections`` but the rows in ``tasks``;
    the annex is printed from both on its landscape pages, not in the body.
    """
    for index, section in enumerate(sections):
        heading = (section.get("heading") or "").strip().upper()
        if not section.get("label") and heading.startswith(ANNEX_HEADINGS_IN_BODY):
            return sections[:index] + sections[index + 1 :], section
    return sections, None


def _annex_titles(plan: dict, annex_section: dict | None) -> list[tuple[str, dict]]:
    if annex_section is None:
        return [
            ("PHỤ LỤC", {"bold": True}),
            ("DANH MỤC NHIỆM VỤ CỤ THỂ", {"bold": True}),
            (f"Thực hiện Kế hoạch {_lower_first(plan.get('title') or '')}", {"bold": True}),
            (_annex_reference(plan), {"italic": True}),
        ]
    titles = [((annex_section.get("heading") or "").strip().upper(), {"bold": True})]
    for text in annex_section.get("paragraphs") or []:
        titles.append((text, {"italic": True} if text.startswith("(") else {"bold": True}))
    return titles


def _annex(document: DocxDocument, plan: dict, annex_section: dict | None = None) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _setup_page(section, landscape=True)
    # The annex keeps counting pages, its first page included.
    section.different_first_page_header_footer = False

    for text, kwargs in _annex_titles(plan, annex_section):
        _write(_add(document, "Letterhead"), text, size=BODY_PT, **kwargs)
    _add(document, "Letterhead").paragraph_format.space_after = Pt(6)

    widths = [Mm(w) for w in ANNEX_WIDTHS_MM]
    table = _fixed_table(document, widths, visible_borders=True)
    header = table.rows[0]
    _set_repeat_header(header)
    _cant_split(header)
    for cell, text in zip(header.cells, ANNEX_HEADINGS, strict=True):
        _fill_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    group, group_count, task_count = None, 0, 0
    for task in plan.get("tasks") or []:
        task_group = task.get("group")
        if task_group and task_group != group:
            group, group_count = task_group, group_count + 1
            row = table.add_row()
            _cant_split(row)
            cells = row.cells
            _fill_cell(cells[0], _roman(group_count), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            merged = cells[1].merge(cells[-1])
            _fill_cell(merged, LEADING_ROMAN_RE.sub("", task_group), bold=True)
        task_count += 1
        row = table.add_row()
        _cant_split(row)
        cells = row.cells
        number = task.get("no") if task.get("no") is not None else task_count
        timeframe = (task.get("timeframe") or {}).get("text") or ""
        _fill_cell(cells[0], str(number), align=WD_ALIGN_PARAGRAPH.CENTER)
        _fill_cell(cells[1], task.get("title") or "", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        _fill_cell(cells[2], "; ".join(task.get("lead") or []))
        _fill_cell(cells[3], "; ".join(task.get("coordinating") or []))
        _fill_cell(cells[4], timeframe, align=WD_ALIGN_PARAGRAPH.CENTER)
        _fill_cell(cells[5], task.get("deliverable") or "")


# ------------------------------------------------------------------------- entry


def render_plan_docx(plan: dict) -> bytes:
    """Return the plan as the bytes of a DOCX laid out as an official document."""
    document = Document()
    _configure_styles(document)
    section = document.sections[0]
    _setup_page(section)
    _setup_page_numbers(section)
    # A new document opens with one empty paragraph; the letterhead goes first.
    body = document.element.body
    for paragraph in list(body.findall(qn("w:p"))):
        body.remove(paragraph)

    _letterhead(document, plan)
    _title_block(document, plan)
    from .body import body_sections  # body.py builds on this module's helpers

    sections, _ = body_sections(plan)
    plan = dict(plan, sections=sections)
    annex_section = None
    if plan.get("tasks"):
        sections, annex_section = _split_annex(sections)
    sections = _preamble(document, plan, sections)
    if not sections:
        sections = sections_from_fields(plan)
    _render_sections(document, sections)
    _closing(document, plan, sections)
    _signature_block(document, plan)
    if plan.get("tasks"):
        _annex(document, plan, annex_section)

    properties = document.core_properties
    properties.title = (
        f"{(plan.get('doc_type') or 'Kế hoạch').capitalize()} {plan.get('title') or ''}".strip()
    )
    properties.author = _issuer(plan)
    properties.language = "vi-VN"

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
