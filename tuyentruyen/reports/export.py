"""Report documents: DOCX in the official layout (Nghị định 30/2020, type BÁO CÁO) and the tables as XLSX.

Pure Python (no Django). The DOCX reuses the plan exporter: the report is turned into the plan
renderer's document shape (letterhead, title block, a preamble, numbered sections, closing, recipients
and signature) and rendered by ``render_plan_docx``; the figures tables are then put where the text
marks them. Input is ``document_data(report)``'s dict, the same whether the figures are live (a draft)
or the snapshot kept at submission.
"""

from __future__ import annotations

import io

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tuyentruyen.lib.documents import Document as Download
from tuyentruyen.lib.xlsx import XLSX_CONTENT_TYPE, append_row, workbook_bytes
from tuyentruyen.plans.export.docx import data_table, render_plan_docx
from tuyentruyen.plans.export.pdf import convert_docx_to_pdf

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX_CONTENT_TYPE,
    "pdf": "application/pdf",
}

TABLE_MARK = "⟦bảng:{}⟧"


def _n(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{int(value):,}".replace(",", ".")


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
        [i, row["label"], row["count"]]
        for i, row in enumerate(list(topics.get("covered", [])) + list(topics.get("not_covered", [])), start=1)])
    out["tasks"] = (["TT", "Nhiệm vụ", "Hạn", "Tình trạng", "Tiến độ", "Ghi chú"], [
        [i, row["title"], row.get("due_label") or "", row["status_label"],
         f"{row['progress']}%" if row.get("progress") is not None else "", row.get("reason") or ""]
        for i, row in enumerate((figures.get("tasks") or {}).get("rows", []), start=1)])
    out["notable"] = (["TT", "Ngày", "Hoạt động", "Đơn vị", "Minh chứng"], [
        [i, row.get("date_label") or "", row["title"], row.get("unit") or "",
         "; ".join(e.get("url") or e.get("label") or "" for e in row.get("evidence", []))]
        for i, row in enumerate(figures.get("notable", []), start=1)])
    if commune_level:
        out["units"] = (["TT", "Đơn vị", "Hoạt động", "Nhiệm vụ xong", "Báo cáo", "Đúng hạn"], [
            [i, row["unit"], row["activities"], row["tasks_done"], row["report_status"],
             {True: "Đúng hạn", False: "Trễ hạn", None: "—"}[row.get("on_time")]]
            for i, row in enumerate(figures.get("units", []), start=1)])
        comparison = figures.get("comparison") or {}
        out["comparison"] = (["Chỉ tiêu", "Kỳ này", comparison.get("previous_label", "Kỳ trước").capitalize(),
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
    "units": "Báo cáo của các đơn vị",
    "comparison": "So sánh với kỳ trước",
}

# Excel allows 31 characters in a sheet name.
SHEET_NAMES = {"by_kind": "Theo hình thức", "by_channel": "Theo kênh", "topics": "Nội dung", "tasks": "Nhiệm vụ",
               "notable": "Hoạt động tiêu biểu", "units": "Đơn vị", "comparison": "So sánh kỳ trước"}


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


def _section(label, heading, paragraphs=(), children=()) -> dict:
    return {"label": label, "heading": heading, "paragraphs": list(paragraphs), "children": list(children)}


def _free_text(text: str, fallback: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or [fallback]


def plan_shaped(data: dict) -> dict:
    """The report in the plan renderer's input shape, with table marks where tables go."""
    figures, commune_level = data["figures"], data["commune_level"]
    period_label = data["period_label"]
    texts = data.get("texts") or {}
    mark = TABLE_MARK.format
    table_keys = tables(figures, commune_level=commune_level)

    results: list[dict] = [_section("1", "Kết quả chung", _summary_paragraphs(figures, period_label, commune_level))]
    n = 1
    for key in ("by_kind", "by_channel", "topics", "tasks", "notable") + (("units", "comparison") if commune_level else ()):
        if table_keys[key][1]:
            n += 1
            results.append(_section(str(n), TABLE_TITLES[key], [mark(key)]))
    n += 1
    results.append(_section(str(n), "Đánh giá chung", _free_text(texts.get("results", ""), "(Không có nội dung bổ sung.)")))
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


def render_report_docx(data: dict) -> bytes:
    """The report as DOCX bytes laid out as an official document."""
    return render_with_tables(plan_shaped(data), tables(data["figures"], commune_level=data["commune_level"]))


def render_with_tables(plan_like: dict, all_tables: dict[str, tuple[list[str], list[list]]]) -> bytes:
    """A document in the plan renderer's shape as DOCX, each ``TABLE_MARK`` paragraph replaced by its table."""
    document = Document(io.BytesIO(render_plan_docx(plan_like)))
    for paragraph in list(document.paragraphs):
        text = paragraph.text.strip()
        for key, (headings, rows) in all_tables.items():
            if text != TABLE_MARK.format(key):
                continue
            table = data_table(document, headings, [
                ["" if value is None else (value if isinstance(value, str) else _n(value)) for value in row]
                for row in rows])
            paragraph._p.addprevious(table._tbl)
            paragraph._p.getparent().remove(paragraph._p)
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
