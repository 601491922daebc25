"""XLSX exports: ``render_*(...) -> Document`` like every exporter of the project (lib/documents.py)."""

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from tuyentruyen.lib.documents import Document
from tuyentruyen.lib.text import slugify_vi
from tuyentruyen.lib.xlsx import XLSX_CONTENT_TYPE, append_row, workbook_bytes


def _sheet(wb, title, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title[:31]
    append_row(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(ws, row)
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"
    return ws


def _local(dt):
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M") if dt else ""


def render_survey_results(survey, questions, responses, results, target) -> Document:
    wb = Workbook()
    rows = [(f["label"], f["answers"], f["index"], f["mean"]) for f in results["factors"]]
    rows.append(("Chỉ số hài lòng chung (trung bình các yếu tố)", "", results["overall_index"], ""))
    rows.append(("Tỷ lệ người trả lời hài lòng (điểm trung bình từ 4)", results["rated_respondents"],
                 results["satisfied_respondents_percent"], ""))
    rows.append(("Mục tiêu của xã (%)", "", target, ""))
    _sheet(wb, "Chỉ số", ["Yếu tố", "Số câu trả lời", "Tỷ lệ hài lòng (%)", "Điểm trung bình"], rows, first=True)

    def cell(q, value):
        if value is None:
            return ""
        if q.kind == "single":
            return q.choices[value] if isinstance(value, int) and value < len(q.choices) else ""
        if q.kind == "multiple":
            return "; ".join(q.choices[i] for i in value if isinstance(i, int) and i < len(q.choices))
        return value

    _sheet(wb, "Phiếu trả lời", ["STT", "Thời điểm"] + [q.text for q in questions],
           [[n, _local(r.submitted_at)] + [cell(q, r.answers.get(str(q.pk))) for q in questions]
            for n, r in enumerate(responses, start=1)])
    return Document(f"ket-qua-khao-sat-{slugify_vi(survey.title)[:40]}.xlsx", XLSX_CONTENT_TYPE, workbook_bytes(wb))


def _minutes(seconds):
    return f"{seconds // 60} phút {seconds % 60} giây" if seconds is not None else ""


def render_prize_list(contest, board, total_questions) -> Document:
    fields = contest.registration_fields
    header = ["Hạng"] + [f["label"] for f in fields] + [
        "Điểm", f"Số câu đúng / {total_questions}", "Dự đoán số người", "Chênh lệch", "Thời gian làm bài", "Nộp bài lúc"]

    def row(entry):
        reg = entry["participant"].registration
        return ([entry["rank"]] + [reg.get(f["key"], "") for f in fields] + [
            entry["score"], entry["score"], entry["guess"] if entry["guess"] is not None else "",
            entry["distance"] if entry["distance"] is not None else "", _minutes(entry["duration_seconds"]),
            _local(entry["submitted_at"])])

    wb = Workbook()
    _sheet(wb, "Danh sách đoạt giải", header, [row(e) for e in board[: contest.prize_count]], first=True)
    _sheet(wb, "Bảng xếp hạng", header, [row(e) for e in board])
    return Document(f"giai-thuong-{slugify_vi(contest.title)[:40]}.xlsx", XLSX_CONTENT_TYPE, workbook_bytes(wb))
