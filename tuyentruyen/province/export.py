"""The consolidated report as documents: DOCX in the Decree 30 layout (the Sở Nội vụ's report upward, on
the plan renderer's letterhead, title, sections, recipients and signature) and XLSX with one row per
commune. Pure Python (no Django): the input is ``consolidated.consolidated_figures``' dict.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tuyentruyen.lib.documents import Document as Download
from tuyentruyen.lib.xlsx import append_row, workbook_bytes
from tuyentruyen.reports.export import CONTENT_TYPES, TABLE_MARK, render_with_tables

FORMATS = ("docx", "xlsx")
COMMUNE_HEADINGS = ["STT", "Xã, phường, đặc khu", "Báo cáo", "Ngày gửi", "Số hoạt động", "Lượt tiếp cận",
                    "Nhiệm vụ hoàn thành", "Nhiệm vụ quá hạn", "Nội dung đã tuyên truyền", "Đúng hạn",
                    "Điểm tự chấm", "Điểm thẩm định"]


def _score(value) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def _yes_no(value) -> str:
    return "—" if value is None else ("Có" if value else "Không")


def _date(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else "—"


def _topics(row: dict) -> str:
    return "—" if row["topics"] is None else f"{row['topics_covered']}/{row['topics']}"


def commune_rows(figures: dict, rows: list[dict] | None = None) -> list[list]:
    """One line per commune; a report not accepted shows its state and no figure is counted for it."""
    out = []
    for index, row in enumerate(rows if rows is not None else figures["rows"], start=1):
        counted = row["accepted"]
        label = row["status_label"] if counted else f"{row['status_label']} (chưa tiếp nhận, không cộng)"
        out.append([index, row["name"], label, _date(row["submitted_on"]),
                    row["activities"] if row["activities"] is not None else "—",
                    row["reach"] if row["reach"] is not None else "—",
                    row["tasks_done"] if row["tasks_done"] is not None else "—",
                    row["tasks_overdue"] if row["tasks_overdue"] is not None else "—",
                    _topics(row), _yes_no(row["on_time"]), _score(row["self_score"]), _score(row["appraised_score"])])
    return out


def tables(figures: dict) -> dict[str, tuple[list[str], list[list]]]:
    accepted, pending = figures["totals"], figures["not_accepted_totals"]
    return {
        "totals": (["Nhóm", "Số xã", "Số hoạt động", "Lượt tiếp cận", "Nhiệm vụ hoàn thành", "Nhiệm vụ quá hạn"], [
            ["Các xã đã được tiếp nhận báo cáo (cộng vào tổng)", accepted["communes"], accepted["activities"],
             accepted["reach"], accepted["tasks_done"], accepted["tasks_overdue"]],
            ["Các xã chưa được tiếp nhận (số liệu xã đã gửi, chưa cộng)", pending["communes"], pending["activities"],
             pending["reach"], pending["tasks_done"], pending["tasks_overdue"]],
        ]),
        "by_kind": (["Hình thức tuyên truyền", "Số hoạt động", "Có minh chứng", "Lượt tiếp cận"],
                    [[k["name"], k["count"], k["with_evidence"], k["reach"]] for k in figures["by_kind"]]),
        "by_channel": (["Kênh", "Số hoạt động"], [[c["name"], c["count"]] for c in figures["by_channel"]]),
        "topics": (["Nội dung tuyên truyền", "Số xã đã tuyên truyền"],
                   [[t["label"], t["communes"]] for t in figures["topics"]]),
        "communes": (COMMUNE_HEADINGS, commune_rows(figures)),
    }


TABLE_TITLES = {
    "totals": "Tổng hợp chung", "by_kind": "Kết quả theo hình thức tuyên truyền",
    "by_channel": "Kết quả theo kênh tuyên truyền", "topics": "Độ phủ nội dung tuyên truyền",
    "communes": "Kết quả của từng xã, phường, đặc khu",
}


def _section(label, heading, paragraphs=(), children=()) -> dict:
    return {"label": label, "heading": heading, "paragraphs": list(paragraphs), "children": list(children)}


def summary(figures: dict) -> list[str]:
    accepted, pending = figures["totals"], figures["not_accepted_totals"]
    lines = [
        f"Trong {figures['period']['label']}, {figures['accepted']}/{figures['communes']} xã, phường, đặc khu "
        f"đã được Sở Nội vụ tiếp nhận báo cáo. Các xã này đã tổ chức {accepted['activities']:,} hoạt động "
        f"tuyên truyền cải cách hành chính, với {accepted['reach']:,} lượt người được tiếp cận; hoàn thành "
        f"{accepted['tasks_done']:,} nhiệm vụ, còn {accepted['tasks_overdue']:,} nhiệm vụ quá hạn.".replace(",", "."),
    ]
    if figures["not_accepted"]:
        lines.append(f"Còn {figures['not_accepted']} xã chưa được tiếp nhận báo cáo; số liệu của các xã này "
                     "được ghi riêng, không cộng vào số liệu tổng hợp.")
    if pending["communes"] and pending["activities"]:
        lines.append(f"Theo báo cáo đã gửi nhưng chưa được tiếp nhận, các xã này ghi nhận {pending['activities']:,} "
                     "hoạt động.".replace(",", "."))
    return lines


def plan_shaped(figures: dict, *, number: str = "", date: str | None = None) -> dict:
    province = figures["province"]["name"]
    period = figures["period"]
    all_tables = tables(figures)
    results = [_section("1", "Kết quả chung", summary(figures))]
    n = 1
    for key in ("totals", "by_kind", "by_channel", "topics", "communes"):
        if all_tables[key][1]:
            n += 1
            results.append(_section(str(n), TABLE_TITLES[key], [TABLE_MARK.format(key)]))
    pending = [r["name"] for r in figures["not_accepted_rows"]]
    sections = [
        _section(None, None, [f"Thực hiện chế độ báo cáo định kỳ công tác cải cách hành chính, Sở Nội vụ "
                              f"tổng hợp kết quả công tác tuyên truyền cải cách hành chính {period['label']} "
                              f"của các xã, phường, đặc khu trên địa bàn {province.lower() if province.lower().startswith(('tỉnh', 'thành phố')) else province} như sau:"]),
        _section("I", "Kết quả thực hiện", children=results),
        _section("II", "Các xã chưa được tiếp nhận báo cáo",
                 [", ".join(pending) + "." if pending else "Không có."]),
        _section("III", "Đề xuất, kiến nghị", ["Đề nghị các xã chưa gửi hoặc bị trả lại báo cáo hoàn thiện và gửi "
                                                "lại trong thời hạn quy định."]),
        _section(None, None, [f"Trên đây là báo cáo tổng hợp kết quả công tác tuyên truyền cải cách hành chính "
                              f"{period['label']} của Sở Nội vụ./."]),
    ]
    return {
        "doc_type": "BÁO CÁO", "issuer": f"Ủy ban nhân dân {province}\nSở Nội vụ", "number": number or None,
        "symbol": "BC-SNV", "place": province.removeprefix("Tỉnh ").removeprefix("Thành phố "), "date": date,
        "period": {"label": period["label"], "start": period["start"], "end": period["end"]},
        "title": f"Tổng hợp kết quả công tác tuyên truyền cải cách hành chính {period['label']}",
        "sections": sections,
        "recipients": [{"name": "Bộ Nội vụ", "purpose": "b/c"}, {"name": f"UBND {province}", "purpose": "b/c"},
                       {"name": "UBND các xã, phường, đặc khu", "purpose": ""}, {"name": "Lưu: VT, CCHC", "purpose": ""}],
        "signer": {"deputy": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": ""}, "tasks": [],
    }


def render_docx(figures: dict, *, number: str = "", date: str | None = None) -> bytes:
    return render_with_tables(plan_shaped(figures, number=number, date=date), tables(figures))


def render_xlsx(figures: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Các xã"
    append_row(sheet, [f"Tổng hợp kết quả tuyên truyền CCHC {figures['period']['label']} — {figures['province']['name']}"])
    sheet["A1"].font = Font(bold=True)
    append_row(sheet, COMMUNE_HEADINGS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in commune_rows(figures):
        append_row(sheet, row)
    totals = workbook.create_sheet("Tổng hợp")
    for key in ("totals", "by_kind", "by_channel", "topics"):
        headings, rows = tables(figures)[key]
        append_row(totals, [TABLE_TITLES[key]])
        append_row(totals, headings)
        for row in rows:
            append_row(totals, row)
        append_row(totals, [""])
    return workbook_bytes(workbook)


def render(figures: dict, fmt: str, basename: str) -> Download:
    content = render_xlsx(figures) if fmt == "xlsx" else render_docx(figures, date=figures["as_of"])
    return Download(f"{basename}.{fmt}", CONTENT_TYPES[fmt], content)


OVERVIEW_HEADINGS = ["Hạng thi đua", "Xã, phường, đặc khu", "Kế hoạch", "Số hoạt động", "Lượt tiếp cận",
                     "Nội dung đã tuyên truyền", "Nhiệm vụ hoàn thành", "Nhiệm vụ quá hạn", "Báo cáo", "Hạn gửi",
                     "Điểm tự chấm", "Điểm thẩm định", "Hoạt động gần nhất"]


def overview_xlsx(rows: list[dict], title: str) -> bytes:
    """The overview's rows as shown (searched, filtered, sorted), with each commune's emulation rank."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng quan các xã"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True)
    append_row(sheet, OVERVIEW_HEADINGS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        plan = row["plan"]
        append_row(sheet, [
            row.get("rank") or "", row["name"], "Đã ban hành" if plan["issued"] else "Chưa ban hành",
            row["activities"], row["reach"], f"{row['topics_covered']}/{row['topics']}" if row["topics"] else "—",
            row["tasks_done"], row["tasks_overdue"], row["report_state_label"], row["report_due"],
            row["self_score"] if row["self_score"] is not None else "",
            row["appraised_score"] if row["appraised_score"] is not None else "Chưa thẩm định",
            row["last_activity"] or "",
        ])
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    return workbook_bytes(workbook)
