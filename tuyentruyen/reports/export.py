"""Report documents: DOCX in the official layout (Nghị định 30/2020, type BÁO CÁO) and the tables as XLSX.

Pure Python (no Django). The DOCX reuses the plan exporter: the report is turned into the plan
renderer's document shape (letterhead, title block, a preamble, numbered sections, closing, recipients
and signature) and rendered by ``render_plan_docx``; the figures tables are then put where the text
marks them. Input is ``document_data(report)``'s dict, the same whether the figures are live (a draft)
or the snapshot kept at submission.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tuyentruyen.lib.bounds import format_number
from tuyentruyen.lib.documents import Document as Download
from tuyentruyen.lib.xlsx import XLSX_CONTENT_TYPE, append_row, workbook_bytes
from tuyentruyen.plans.export.docx import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    PAGE_LONG,
    PAGE_SHORT,
    TABLE_PT,
    data_table,
    render_plan_docx,
)
from tuyentruyen.plans.export.pdf import convert_docx_to_pdf

from . import document as layout

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_CONTENT_TYPE,
    "pdf": "application/pdf",
}

TABLE_MARK = "⟦bảng:{}⟧"


def _n(value) -> str:
    if value is None or value == "":
        return "—"
    return format_number(value, 1)


def evidence_refs(figures: dict) -> dict[tuple[int, int], str]:
    """“MC1”, “MC2”, … for the evidence of the notable activities, in the order the report lists them."""
    refs, n = {}, 0
    for row in figures.get("notable", []):
        for index, _ in enumerate(row.get("evidence", [])):
            n += 1
            refs[(row["id"], index)] = f"MC{n}"
    return refs


def notable_with_refs(figures: dict) -> list[dict]:
    """The notable activities, each piece of evidence carrying the “MC” reference the tables give it."""
    refs = evidence_refs(figures)
    return [{**row, "evidence": [{**item, "ref": refs[(row["id"], index)]}
                                 for index, item in enumerate(row.get("evidence", []))]}
            for row in figures.get("notable", [])]


def evidence_lines(figures: dict, site_url: str) -> list[str]:
    """The evidence list of the document: each file or link with the full address it opens at."""
    refs, lines = evidence_refs(figures), []
    for row in figures.get("notable", []):
        for index, item in enumerate(row.get("evidence", [])):
            url = layout.absolute(item.get("url") or "", site_url)
            label = item.get("label") or "minh chứng"
            lines.append(f"{refs[(row['id'], index)]}. {row['title']} ({row.get('date_label') or ''}): {label}"
                         + (f" — {url}" if url and url != label else ""))
    return lines


def tables(figures: dict, *, commune_level: bool) -> dict[str, tuple[list[str], list[list]]]:
    """Every table of a report: key → (headings, rows). Shared by DOCX, XLSX and the web page."""
    out: dict[str, tuple[list[str], list[list]]] = {}
    out["by_kind"] = (["TT", "Hình thức", "Số hoạt động", "Số lượng", "Đơn vị tính"], [
        [i, row["name"], row["count"], row.get("quantity") or None, row.get("unit") or ""]
        for i, row in enumerate(figures.get("by_kind", []), start=1)])
    out["by_channel"] = (["TT", "Kênh", "Số hoạt động"], [
        [i, row["name"], row["count"]] for i, row in enumerate(figures.get("by_channel", []), start=1)])
    topics = figures.get("topics") or {}
    out["topics"] = (["TT", "Nội dung tuyên truyền", "Số hoạt động"], [
        [i, layout.shorten(row["label"]), row["count"]]
        for i, row in enumerate(list(topics.get("covered", [])) + list(topics.get("not_covered", [])), start=1)])
    out["tasks"] = (["TT", "Nhiệm vụ", "Hạn", "Tình trạng", "Tiến độ", "Ghi chú"], [
        [i, row["title"], row.get("due_label") or "", row["status_label"],
         f"{row['progress']}%" if row.get("progress") is not None else "", row.get("reason") or ""]
        for i, row in enumerate((figures.get("tasks") or {}).get("rows", []), start=1)])
    refs = evidence_refs(figures)
    out["notable"] = (["TT", "Ngày", "Hoạt động", "Đơn vị", "Minh chứng"], [
        [i, row.get("date_label") or "", row["title"], row.get("unit") or "",
         ", ".join(refs[(row["id"], n)] for n in range(len(row.get("evidence", []))))]
        for i, row in enumerate(figures.get("notable", []), start=1)])
    late = (figures.get("late") or {}).get("rows") or []
    out["late"] = (["TT", "Ngày", "Hoạt động", "Đơn vị", "Thuộc kỳ", "Ghi nhận ngày"], [
        [i, row["date_label"], row["title"], row.get("unit") or "", row["period_label"], row["recorded_label"]]
        for i, row in enumerate(late, start=1)])
    if commune_level:
        out["units"] = (["TT", "Đơn vị", "Hoạt động", "Nhiệm vụ xong", "Báo cáo", "Đúng hạn"], [
            [i, row["unit"], row["activities"], row["tasks_done"], row["report_status"],
             {True: "Đúng hạn", False: "Trễ hạn", None: "—"}[row.get("on_time")]]
            for i, row in enumerate(figures.get("units", []), start=1)])
        comparison = figures.get("comparison") or {}
        out["comparison"] = (["Chỉ tiêu", "Kỳ này", layout.sentence_case(comparison.get("previous_label", "Kỳ trước")),
                              "Tăng/giảm"], [
            [row["label"], row["current"], row["previous"],
             (row["current"] or 0) - (row["previous"] or 0)] for row in comparison.get("rows", [])])
    return out


TABLE_TITLES = {
    "by_kind": "Kết quả theo hình thức tuyên truyền",
    "by_channel": "Kết quả theo kênh tuyên truyền",
    "topics": "Nội dung tuyên truyền đã thực hiện và chưa thực hiện",
    "tasks": "Tình hình thực hiện nhiệm vụ",
    "notable": "Hoạt động tiêu biểu",
    "late": "Bổ sung kỳ trước: hoạt động của kỳ trước ghi nhận sau khi báo cáo kỳ đó đã chốt",
    "units": "Báo cáo của các đơn vị",
    "comparison": "So sánh với kỳ trước",
}

# Excel allows 31 characters in a sheet name.
SHEET_NAMES = {"by_kind": "Theo hình thức", "by_channel": "Theo kênh", "topics": "Nội dung", "tasks": "Nhiệm vụ",
               "notable": "Hoạt động tiêu biểu", "late": "Bổ sung kỳ trước", "units": "Đơn vị", "comparison": "So sánh kỳ trước"}


def _day(value: str) -> str:
    return date.fromisoformat(value[:10]).strftime("%d/%m/%Y")


def period_statement(figures: dict) -> str:
    """What a report covers, said on its page and in its document: the period, the cut-off (or that the
    figures are not frozen yet) and the late entries of earlier periods it takes in."""
    period = figures.get("period") or {}
    text = f"Kỳ báo cáo: từ ngày {_day(period['start'])} đến ngày {_day(period['end'])}." if period.get("start") else ""
    late = (figures.get("late") or {}).get("count") or 0
    extra = f" và {_n(late)} hoạt động bổ sung kỳ trước (ghi nhận sau khi báo cáo kỳ trước đã chốt)" if late else ""
    if figures.get("cutoff"):
        moment = datetime.fromisoformat(figures["cutoff"])
        text += (f" Số liệu chốt lúc {moment:%H:%M} ngày {moment:%d/%m/%Y}, gồm các hoạt động của kỳ được ghi nhận "
                 f"trước thời điểm đó{extra}; hoạt động của kỳ ghi nhận sau đó được tính vào báo cáo kỳ sau.")
    else:
        text += (f" Số liệu chưa chốt: tính đến thời điểm xem{extra}, và được chốt khi gửi báo cáo.")
    return text.strip()


def _summary_paragraphs(figures: dict, period_label: str, commune_level: bool) -> list[str]:
    totals = figures.get("totals") or {}
    tasks = (figures.get("tasks") or {}).get("counts") or {}
    if figures.get("empty"):
        return [f"Trong {period_label}, chưa ghi nhận hoạt động tuyên truyền cải cách hành chính nào và không có "
                "nhiệm vụ nào đến hạn trên hệ thống."]
    lines = [
        f"Trong {period_label}, đã tổ chức {_n(totals.get('activities', 0))} hoạt động tuyên truyền cải cách "
        f"hành chính, trong đó {_n(totals.get('with_evidence', 0))} hoạt động có minh chứng kèm theo."
    ]
    if totals.get("reach"):
        lines.append(f"Số lượt người được tuyên truyền (nơi có số liệu): {_n(totals['reach'])} lượt.")
    quantities = [f"{_n(row['quantity'])} {row['unit']} ({row['name'].lower()})"
                  for row in figures.get("by_kind", []) if row.get("quantity") and row.get("unit")]
    if quantities:
        lines.append("Số lượng cụ thể: " + "; ".join(quantities) + ".")
    if tasks.get("total"):
        lines.append(
            f"Nhiệm vụ trong kỳ: {tasks['total']} nhiệm vụ; đã hoàn thành {tasks.get('done', 0)}, đang thực hiện "
            f"{tasks.get('in_progress', 0)}, quá hạn {tasks.get('overdue', 0)}"
            + (f", đã hủy {tasks['cancelled']}" if tasks.get("cancelled") else "") + ".")
    topics = figures.get("topics") or {}
    if topics.get("not_covered"):
        lines.append(f"Còn {len(topics['not_covered'])} nội dung của kế hoạch chưa được tuyên truyền trong kỳ.")
    if commune_level and figures.get("targets", {}).get("planned"):
        t = figures["targets"]
        lines.append(f"Mức độ hoàn thành kế hoạch: {t['done']}/{t['planned']} nhiệm vụ "
                     f"({_n(round(t['done'] * 100 / t['planned'], 1))}%).")
    if commune_level and figures.get("score"):
        s = figures["score"]
        lines.append(f"Tự đánh giá tiêu chí “{s['criterion']}” (Chỉ số CCHC): {_n(s['points'])}/{_n(s['max_points'])} điểm.")
    return lines


_DOUBLED_STOP = re.compile(r"(?<![./…])\s*\.\.(?![./…])")


def tidy(paragraph: str) -> str:
    """One full stop where joined pieces gave two ("…đúng hạn.." → "…đúng hạn."); an ellipsis "..." and
    the closing "./." stay as they are."""
    return _DOUBLED_STOP.sub(".", paragraph)


def _section(label, heading, paragraphs=(), children=()) -> dict:
    return {"label": label, "heading": heading, "paragraphs": [tidy(p) for p in paragraphs],
            "children": list(children)}


def _free_text(text: str, fallback: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or [fallback]


TABLE_ORDER = ("by_kind", "by_channel", "topics", "tasks", "notable", "late", "units", "comparison")


def _says_nothing(key: str, rows: list[list]) -> bool:
    # a channel table whose one row is “(không ghi kênh)” tells a reader nothing the totals do not
    return key == "by_channel" and len(rows) == 1 and rows[0][1] == layout.NO_CHANNEL


def annex_keys(all_tables: dict) -> list[str]:
    """The tables printed in the landscape annex (Biểu số 1, 2, …), in the body's order."""
    return [key for key in TABLE_ORDER if key in all_tables and all_tables[key][1]
            and layout.goes_to_annex(key, all_tables[key][1])]


def plan_shaped(data: dict) -> dict:
    """The report in the plan renderer's input shape, with table marks where tables go."""
    figures, commune_level = data["figures"], data["commune_level"]
    period_label = data["period_label"]
    texts = data.get("texts") or {}
    mark = TABLE_MARK.format
    table_keys = tables(figures, commune_level=commune_level)

    results: list[dict] = [_section("1", "Kết quả chung", [period_statement(figures)]
                                    + _summary_paragraphs(figures, period_label, commune_level))]
    n = 1
    annexed = annex_keys(table_keys)
    for key in TABLE_ORDER:
        if key in table_keys and table_keys[key][1] and not _says_nothing(key, table_keys[key][1]):
            n += 1
            if key in annexed:  # one line in the body: the table itself is on the annex's landscape pages
                results.append(_section(str(n), f"{TABLE_TITLES[key]} (Biểu số {annexed.index(key) + 1}, "
                                                 "Phụ lục kèm theo)"))
            else:
                results.append(_section(str(n), TABLE_TITLES[key], [mark(key)]))
    if (texts.get("results") or "").strip():
        n += 1
        results.append(_section(str(n), "Đánh giá chung", _free_text(texts["results"], "")))
    sections = [
        _section(None, None, [data["preamble"], f"{data['issuer']} báo cáo kết quả như sau:"]),
        _section("I", "Kết quả thực hiện", children=results),
        _section("II", "Khó khăn, vướng mắc", _free_text(texts.get("difficulties", ""), "Không có.")),
        _section("III", "Đề xuất, kiến nghị", _free_text(texts.get("proposals", ""), "Không có.")),
        _section(None, None, [f"Trên đây là báo cáo kết quả công tác tuyên truyền cải cách hành chính "
                              f"{period_label} của {data['issuer']}./."]),
    ]
    return {
        "doc_type": "BÁO CÁO", "issuer": data["issuer"], "number": data.get("number") or None,
        "symbol": data.get("symbol") or "BC-UBND", "place": data.get("place"), "date": data.get("date"),
        "period": {"label": period_label, "start": data["period_start"], "end": data["period_end"]},
        "title": data["title"], "sections": sections, "recipients": data.get("recipients") or [],
        "signer": data.get("signer"), "tasks": [],
    }


def _cells(rows: list[list]) -> list[list[str]]:
    return [["" if value is None else (value if isinstance(value, str) else _n(value)) for value in row]
            for row in rows]


def _sized_table(document, headings: list[str], rows: list[list], total_mm: float):
    cells = _cells(rows)
    widths = layout.column_widths(headings, cells, total_mm, TABLE_PT)
    table = data_table(document, headings, cells, widths=[Mm(w) for w in widths])
    for index in range(len(headings)):
        if cells and all(layout.is_figure(row[index]) for row in cells):  # numbers stand centred
            for row in table.rows[1:]:
                for paragraph in row.cells[index].paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def _landscape_annex(document, data: dict, all_tables: dict) -> None:
    """After the signature: the long tables, then the list of evidence, on landscape pages."""
    keys = annex_keys(all_tables)
    evidence = evidence_lines(data["figures"], data.get("site_url") or "")
    if not keys and not evidence:
        return
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_LONG, PAGE_SHORT
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.different_first_page_header_footer = False
    width_mm = (PAGE_LONG - MARGIN_LEFT - MARGIN_RIGHT) / Mm(1)
    number = data.get("number") or "     "
    year = data["period_end"][:4]
    when = date.fromisoformat(data["date"]).strftime("%d/%m/%Y") if data.get("date") else f"     /     /{year}"
    for text, bold in (("PHỤ LỤC", True), ("SỐ LIỆU CHI TIẾT", True),
                       (f"(Kèm theo Báo cáo số {number}/{data.get('symbol') or 'BC-UBND'} ngày {when} của "
                        f"{data['issuer']})", False)):
        run = document.add_paragraph(style="Letterhead").add_run(text)
        run.bold, run.italic = bold, not bold
    for index, key in enumerate(keys, start=1):
        caption = document.add_paragraph(style="Letterhead")
        caption.paragraph_format.space_before = Pt(10)
        caption.paragraph_format.space_after = Pt(4)
        caption.paragraph_format.keep_with_next = True
        caption.add_run(f"Biểu số {index}. {TABLE_TITLES[key]}").bold = True
        headings, rows = all_tables[key]
        _sized_table(document, headings, rows, width_mm)  # added at the end, where the annex is
    if evidence:
        caption = document.add_paragraph(style="Letterhead")
        caption.paragraph_format.space_before = Pt(10)
        caption.add_run("Danh mục minh chứng của các hoạt động tiêu biểu").bold = True
        for line in evidence:
            document.add_paragraph(line, style="Cell Text")


def render_report_docx(data: dict) -> bytes:
    """The report as DOCX bytes laid out as an official document: short tables in the body, long ones
    and the evidence list in a landscape annex after the signature."""
    return render_with_tables(plan_shaped(data), tables(data["figures"], commune_level=data["commune_level"]),
                              annex_of=data)


def render_with_tables(plan_like: dict, all_tables: dict[str, tuple[list[str], list[list]]],
                       annex_of: dict | None = None) -> bytes:
    """A document in the plan renderer's shape as DOCX, each ``TABLE_MARK`` paragraph replaced by its table
    (columns sized to their content across the text width). With ``annex_of`` (a report's data), the long
    tables and the evidence list go to a landscape annex after the signature."""
    document = Document(io.BytesIO(render_plan_docx(plan_like)))
    width_mm = (PAGE_SHORT - MARGIN_LEFT - MARGIN_RIGHT) / Mm(1)
    for paragraph in list(document.paragraphs):
        text = paragraph.text.strip()
        for key, (headings, rows) in all_tables.items():
            if text != TABLE_MARK.format(key):
                continue
            table = _sized_table(document, headings, rows, width_mm)
            paragraph._p.addprevious(table._tbl)
            paragraph._p.getparent().remove(paragraph._p)
    if annex_of is not None:
        _landscape_annex(document, annex_of, all_tables)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_report_xlsx(data: dict) -> bytes:
    """The report's tables, one sheet each, with a title row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for key, (headings, rows) in tables(data["figures"], commune_level=data["commune_level"]).items():
        sheet = workbook.create_sheet(SHEET_NAMES[key])
        append_row(sheet, [f"{TABLE_TITLES[key]} — {data['period_label']} — {data['issuer']}"])
        sheet["A1"].font = Font(bold=True)
        append_row(sheet, headings)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(sheet, [value if value is not None else "" for value in row])
        for index, heading in enumerate(headings, start=1):
            longest = max([len(str(heading))] + [len(str(r[index - 1])) for r in rows])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(6, longest + 2))
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)


def render_report(data: dict, fmt: str, basename: str) -> Download:
    """The report as ``fmt`` (docx, xlsx, pdf). PDF raises the converter's errors when LibreOffice is
    missing or fails."""
    if fmt == "xlsx":
        content = render_report_xlsx(data)
    else:
        content = render_report_docx(data)
        if fmt == "pdf":
            content = convert_docx_to_pdf(content)
    return Download(f"{basename}.{fmt}", CONTENT_TYPES[fmt], content)
