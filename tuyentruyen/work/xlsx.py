"""Excel in and out for activities and tasks.

Templates carry drop-down lists (kinds, units, topics, statuses) read from a hidden sheet. An upload is
validated whole before anything is written: a structural fault (wrong columns, merged cells) refuses the
file at once; every cell fault is listed (row, column, what is wrong, in Vietnamese); only a clean file is
imported: in one transaction in the request, or in short transactions that stay all-or-nothing in a
background job (``import_activities``). Sheets are read in streaming mode, by their real rows. Rows carry an id (``Mã``) when they came from an export, else they are
matched by a natural key (activities: unit, kind, date, title; tasks: plan, title), so uploading the same
file twice creates nothing new.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tuyentruyen.lib import bounds
from tuyentruyen.lib.documents import Document
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.text import normalise
from tuyentruyen.lib.xlsx import XLSX_CONTENT_TYPE, append_row, workbook_bytes, write_cell
from tuyentruyen.localities.models import Unit
from tuyentruyen.plans.models import PlanTopic, RevisionStatus

from . import cells as read_cell
from .models import Activity, Evidence, EvidenceKind, Task, TaskStatus, status_label
from .services import ensure_kinds

XLSX_MIME = XLSX_CONTENT_TYPE
MAX_ROWS = 20000
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int = 18
    kind: str = "text"  # text, date, number, int, list
    required: bool = False
    optional: bool = False  # a sheet made from an older template may lack it


ACTIVITY_COLUMNS = [
    Column("id", "Mã hoạt động", 12, "int"),
    Column("date", "Ngày", 12, "date", True),
    Column("date_end", "Đến ngày", 12, "date"),
    Column("unit", "Đơn vị", 30, "list"),
    Column("kind", "Hình thức", 30, "list", True),
    Column("title", "Tiêu đề", 45, "text", True),
    Column("topics", "Nội dung tuyên truyền", 45, "list"),
    Column("channel", "Kênh", 18),
    Column("audience", "Đối tượng", 20),
    Column("quantity", "Số lượng", 10, "number"),
    Column("quantity_unit", "Đơn vị tính", 14),
    Column("reach", "Lượt tiếp cận", 12, "int"),
    Column("place", "Địa điểm", 20),
    Column("links", "Đường dẫn minh chứng", 35),
    Column("is_public", "Công khai", 10, "list"),
    # The two marks the activity form asks for: a date outside the plan's period on purpose, and an entry
    # into a period whose report was already sent. Added later: templates made before still import.
    Column("outside_plan_period", "Ngoài kỳ kế hoạch", 12, "list", optional=True),
    Column("late_entry", "Ghi bổ sung kỳ đã báo cáo", 14, "list", optional=True),
]

TASK_COLUMNS = [
    Column("id", "Mã nhiệm vụ", 12, "int"),
    Column("plan", "Kế hoạch", 35, "list", True),
    Column("group", "Nhóm", 25),
    Column("title", "Nội dung công việc", 50, "text", True),
    Column("lead", "Đơn vị chủ trì", 30, "list"),
    Column("coordinating", "Đơn vị phối hợp", 30),
    Column("timeframe", "Thời gian thực hiện", 20),
    Column("start", "Ngày bắt đầu", 12, "date"),
    Column("due", "Hạn hoàn thành", 12, "date"),
    Column("progress", "Tiến độ (%)", 10, "int"),
    Column("status", "Trạng thái", 16, "list"),
    Column("weight", "Trọng số", 10, "int"),
    Column("deliverable", "Sản phẩm", 30),
    Column("cancel_reason", "Lý do hủy", 25),
]

COLUMNS = {"activities": ACTIVITY_COLUMNS, "tasks": TASK_COLUMNS}


class XlsxRefused(UserError):
    """The file cannot be read as this kind of sheet at all (not a row-by-row fault)."""


class ImportRowRefused(Exception):
    """A row the writing service refused: the whole import is rolled back and the rows are listed."""

    def __init__(self, errors: list):
        super().__init__(errors)
        self.errors = errors


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)  # {"_row": n, key: raw value}
    errors: list[RowError] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # the columns the file has (optional ones may be missing)


# --- naming of choices -----------------------------------------------------------------------------
def topic_choice(topic: PlanTopic) -> str:
    text = str(topic)
    return f"{topic.pk} · {text[:90]}"


def plan_choice(plan) -> str:
    return f"{plan.pk} · {plan.title[:90]}"


def _fold(text) -> str:
    return read_cell.text(text or "").casefold()


def _leading_id(text: str) -> int | None:
    head = str(text).split("·", 1)[0].strip()
    return int(head) if head.isdigit() else None


def commune_topics(commune):
    """Topics of the commune's issued plan revisions, newest plan first."""
    return (PlanTopic.objects.filter(plan__commune=commune, revision__status=RevisionStatus.ISSUED)
            .select_related("plan").order_by("-plan__period_start", "-plan_id", "-revision__number", "position"))


# --- writing workbooks -----------------------------------------------------------------------------
def _sheet_with_header(wb: Workbook, title: str, columns: list[Column]):
    ws = wb.active
    ws.title = title
    append_row(ws, [c.label for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    return ws


def _add_lists(wb: Workbook, ws, columns: list[Column], lists: dict[str, list[str]], rows: int = 5000) -> None:
    """Drop-downs read from a hidden sheet ("Danh mục"), one column per list."""
    ref = wb.create_sheet("Danh mục")
    labels = {c.key: c.label for c in columns}
    for index, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        write_cell(ref, 1, index, labels[key])  # the header a person reads, as on the first sheet
        ref.cell(row=1, column=index).font = Font(bold=True)
        ref.column_dimensions[letter].width = max(18, min(60, max((len(v) for v in values), default=0)))
        for row, value in enumerate(values, start=2):
            write_cell(ref, row, index, value)  # a unit named "=…" must stay a name
        column_index = next(i for i, c in enumerate(columns, start=1) if c.key == key)
        target = get_column_letter(column_index)
        multi = key in ("topics",)  # several topics may be typed, separated by ";"
        validation = DataValidation(
            type="list", formula1=f"='Danh mục'!${letter}$2:${letter}${max(2, len(values) + 1)}", allow_blank=True,
            showErrorMessage=not multi, errorTitle="Giá trị không có trong danh sách",
            error="Hãy chọn một giá trị trong danh sách.",
        )
        ws.add_data_validation(validation)
        validation.add(f"{target}2:{target}{rows}")
    for column_index, column in enumerate(columns, start=1):
        if column.kind == "date":
            target = get_column_letter(column_index)
            validation = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)",
                                        allow_blank=True, showErrorMessage=True, errorTitle="Ngày không hợp lệ",
                                        error="Hãy nhập ngày dạng dd/mm/yyyy.")
            ws.add_data_validation(validation)
            validation.add(f"{target}2:{target}{rows}")
            for row in range(2, rows + 1):
                ws.cell(row=row, column=column_index).number_format = "DD/MM/YYYY"
    ref.sheet_state = "hidden"


def _activity_lists(commune) -> dict[str, list[str]]:
    kinds = ensure_kinds(commune)
    return {
        "unit": list(Unit.objects.filter(commune=commune, active=True).values_list("name", flat=True)),
        "kind": [k.name for k in sorted(kinds.values(), key=lambda k: (k.position, k.name)) if k.active],
        "topics": [topic_choice(t) for t in commune_topics(commune)],
        "is_public": ["Có", "Không"],
        "outside_plan_period": ["Có", "Không"],
        "late_entry": ["Có", "Không"],
    }


def activity_template(commune) -> Document:
    wb = Workbook()
    ws = _sheet_with_header(wb, "Hoạt động", ACTIVITY_COLUMNS)
    _add_lists(wb, ws, ACTIVITY_COLUMNS, _activity_lists(commune), rows=2000)
    return Document("mau-hoat-dong.xlsx", XLSX_CONTENT_TYPE, workbook_bytes(wb))


def _task_lists(commune) -> dict[str, list[str]]:
    from tuyentruyen.plans.models import Plan

    return {
        "plan": [plan_choice(p) for p in Plan.objects.filter(commune=commune).order_by("-period_start", "-id")],
        "lead": list(Unit.objects.filter(commune=commune, active=True).values_list("name", flat=True)),
        "status": [label for _, label in TaskStatus.choices],
    }


def task_template(commune) -> Document:
    wb = Workbook()
    ws = _sheet_with_header(wb, "Nhiệm vụ", TASK_COLUMNS)
    _add_lists(wb, ws, TASK_COLUMNS, _task_lists(commune), rows=2000)
    return Document("mau-nhiem-vu.xlsx", XLSX_CONTENT_TYPE, workbook_bytes(wb))


def export_activities(commune, activities) -> Document:
    """Every activity of the (filtered) queryset, in the template's columns, so it can be edited and
    uploaded back (rows carry their id)."""
    wb = Workbook(write_only=False)
    ws = _sheet_with_header(wb, "Hoạt động", ACTIVITY_COLUMNS)
    activities = activities.select_related("unit", "kind").prefetch_related("topics")
    links: dict[int, list[str]] = {}
    for activity_id, url in Evidence.objects.filter(activity__in=activities, kind=EvidenceKind.LINK).values_list(
            "activity_id", "url"):
        links.setdefault(activity_id, []).append(url)
    for a in activities.iterator(chunk_size=2000):
        append_row(ws, [
            a.pk, a.date, a.date_end, a.unit.name if a.unit else "", a.kind.name, a.title,
            f"{LIST_SEPARATOR} ".join(topic_choice(t) for t in a.topics.all()), a.channel, a.audience,
            float(a.quantity) if a.quantity is not None else None, a.quantity_unit, a.reach, a.place,
            f"{LIST_SEPARATOR} ".join(links.get(a.pk, [])), _yes_no(a.is_public), _yes_no(a.outside_plan_period),
            _yes_no(a.late_entry),
        ])
    _date_format(ws, ACTIVITY_COLUMNS)
    return Document(f"hoat-dong-{timezone.localdate():%Y%m%d}.xlsx", XLSX_CONTENT_TYPE, workbook_bytes(wb))


def export_tasks(commune, tasks) -> Document:
    wb = Workbook()
    ws = _sheet_with_header(wb, "Nhiệm vụ", TASK_COLUMNS)
    tasks = tasks.select_related("plan", "lead_unit").prefetch_related("coordinating_units")
    for t in tasks.iterator(chunk_size=2000):
        append_row(ws, [
            t.pk, plan_choice(t.plan) if t.plan else "", t.group, t.title,
            t.lead_unit.name if t.lead_unit else t.lead_name,
            f"{LIST_SEPARATOR} ".join(u.name for u in t.coordinating_units.all()) or t.coordinating_names,
            t.timeframe_text, t.start, t.due, t.progress, status_label(t.effective_status), t.weight,
            t.deliverable, t.cancel_reason,
        ])
    _date_format(ws, TASK_COLUMNS)
    return Document(f"nhiem-vu-{timezone.localdate():%Y%m%d}.xlsx", XLSX_CONTENT_TYPE, workbook_bytes(wb))


def _yes_no(value: bool) -> str:
    return "Có" if value else "Không"


def _date_format(ws, columns):
    for index, column in enumerate(columns, start=1):
        if column.kind == "date":
            for cell in ws.iter_cols(min_col=index, max_col=index, min_row=2):
                for c in cell:
                    c.number_format = "DD/MM/YYYY"


# --- reading ---------------------------------------------------------------------------------------
REFUSED_UNREADABLE = "Không đọc được tệp. Hãy tải lên tệp Excel (.xlsx) lập từ mẫu của phần mềm."


def _open_first_sheet(source):
    """The first sheet in streaming (read-only) mode: rows are read one at a time, never the whole
    workbook in memory. The sheet's declared dimension is ignored: a file may declare A1:O2 and hold
    15,000 rows, and read-only mode would otherwise stop at the declared last row."""
    try:
        wb = load_workbook(source, read_only=True, data_only=False)
        ws = wb.worksheets[0]
        ws.reset_dimensions()
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise XlsxRefused(REFUSED_UNREADABLE) from exc
    return wb, ws


def _is_empty(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def count_data_rows(source, limit: int | None = None) -> int:
    """Rows that hold something below the header, counted in streaming mode; stops once past ``limit``
    (enough to decide between the request and a background job). Leaves ``source`` at its start."""
    try:
        wb, ws = _open_first_sheet(source)
    except XlsxRefused:
        source.seek(0)
        return 0  # unreadable: the full read refuses it with its message
    count = 0
    try:
        for values in ws.iter_rows(min_row=2, values_only=True):
            if not _is_empty(values):
                count += 1
                if limit is not None and count > limit:
                    break
    except Exception:
        pass  # a broken sheet: the full read refuses it with its message
    finally:
        wb.close()
        source.seek(0)
    return count


_MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]{1,40})"')


def _merged_ranges(ws) -> list[str]:
    """Merged cell ranges of a read-only sheet (which openpyxl does not expose), by a streaming scan
    of the sheet's XML for ``<mergeCell ref="A2:B2"/>`` (a regex: parsing the XML again would cost as
    much as reading the rows). Chunks overlap so that a tag cut in two is still found."""
    found: dict[str, None] = {}
    tail = b""
    with ws._get_source() as source:
        while chunk := source.read(1 << 16):
            buffer = tail + chunk
            for match in _MERGE_CELL.finditer(buffer):
                found.setdefault(match.group(1).decode("ascii", "replace"), None)
            tail = buffer[-200:]
    return list(found)


def read_sheet(source, kind: str) -> Parsed:
    """Rows of the first sheet as raw values keyed by column, read in streaming mode. Refuses
    (``XlsxRefused``) what is not this template: not an XLSX, wrong columns, merged cells, too many
    rows (as soon as row ``MAX_ROWS + 1`` is met, without reading the rest)."""
    columns = COLUMNS[kind]
    wb, ws = _open_first_sheet(source)
    try:
        return _read_rows(ws, columns)
    except XlsxRefused:
        raise
    except Exception as exc:  # a sheet that breaks half-way (truncated zip, bad XML)
        raise XlsxRefused(REFUSED_UNREADABLE) from exc
    finally:
        wb.close()


def _read_rows(ws, columns: list[Column]) -> Parsed:
    rows = ws.iter_rows(min_row=1, max_col=max(len(columns), 40))
    header = [_cell_text(c.value) for c in next(rows, [])]
    while header and not header[-1]:
        header.pop()
    columns = _columns_present(header, columns)
    expected = [c.label for c in columns]
    if [_fold(h) for h in header] != [_fold(label) for label in expected]:
        problems = []
        for index in range(max(len(header), len(expected))):
            got = header[index] if index < len(header) else ""
            want = expected[index] if index < len(expected) else ""
            if _fold(got) != _fold(want):
                letter = get_column_letter(index + 1)
                problems.append(f"cột {letter} phải là “{want}”" + (f" (tệp có “{got}”)" if got else " (tệp để trống)")
                                if want else f"cột {letter} “{got}” không có trong mẫu")
        raise XlsxRefused("Các cột không đúng mẫu: " + "; ".join(problems[:6]) +
                          ". Hãy tải mẫu mới và chép dữ liệu vào.")
    parsed = Parsed(keys={c.key for c in columns})
    for number, cells in enumerate(ws.iter_rows(min_row=2, max_col=len(columns)), start=2):
        values = {}
        empty = True
        for column, cell in zip(columns, cells, strict=False):
            # A formula is refused; text that merely begins with "=" (a text cell, as the product's own
            # export writes such titles) is text and comes back as it went out.
            if cell.data_type == "f":
                parsed.errors.append(RowError(number, column.label,
                                              "ô chứa công thức; hãy dán giá trị (Paste Values) thay cho công thức"))
                values[column.key] = None
                empty = False
                continue
            value = cell.value
            if isinstance(value, str):
                value = normalise(value).strip()
            if value not in (None, ""):
                empty = False
            values[column.key] = value
        if not empty:
            if len(parsed.rows) >= MAX_ROWS:
                raise XlsxRefused(f"Tệp có hơn {MAX_ROWS} dòng dữ liệu, quá giới hạn mỗi lần nhập. "
                                  "Hãy chia nhỏ tệp.")
            values["_row"] = number
            parsed.rows.append(values)
    merged = _merged_ranges(ws)
    if merged:
        raise XlsxRefused(f"Tệp có ô gộp ({', '.join(merged[:5])}). Hãy bỏ gộp ô: mỗi dòng là một mục, mỗi ô "
                          "một giá trị.")
    return parsed


def _columns_present(header: list[str], columns: list[Column]) -> list[Column]:
    """The template's columns this file has: all of them, less the optional ones its header lacks (a
    sheet made from an older template). The header is then compared with these, in this order."""
    folded = {_fold(h) for h in header}
    return [c for c in columns if not c.optional or _fold(c.label) in folded]


def _cell_text(value) -> str:
    return read_cell.text(value)


class _Checker:
    def __init__(self, errors: list[RowError], columns: list[Column]):
        self.errors = errors
        self.labels = {c.key: c.label for c in columns}
        self.row = 0

    def fail(self, key: str, message: str):
        self.errors.append(RowError(self.row, self.labels[key], message))

    def _take(self, key, result):
        value, refusal = result
        if refusal:
            self.fail(key, refusal)
        return value

    def date(self, values, key, required=False):
        if required and read_cell.is_blank(values.get(key)):
            self.fail(key, "chưa có ngày")
            return None
        return self._take(key, read_cell.date_cell(values.get(key)))

    def integer(self, values, key, bound: bounds.Range):
        return self._take(key, read_cell.integer_cell(values.get(key), bound))

    def number(self, values, key, bound: bounds.Range = bounds.QUANTITY):
        return self._take(key, read_cell.number_cell(values.get(key), bound))

    def text(self, values, key, required=False, limit=500):
        return self._take(key, read_cell.text_cell(values.get(key), required=required, limit=limit))

    def yes_no(self, values, key) -> bool:
        return bool(self._take(key, read_cell.yes_no_cell(values.get(key))))


# --- activities: the two questions the form asks -------------------------------------------------------
OUTSIDE_LABEL = next(c.label for c in ACTIVITY_COLUMNS if c.key == "outside_plan_period")
LATE_LABEL = next(c.label for c in ACTIVITY_COLUMNS if c.key == "late_entry")


def _column_hint(label: str, keys: set[str], key: str) -> str:
    """Where to answer the question in the sheet: the column, or, in a sheet from an older template
    without it, the new template that has it."""
    if key in keys:
        return f"ghi “Có” ở cột “{label}” của dòng này"
    return f"tải mẫu mới, chép dòng này vào và ghi “Có” ở cột “{label}”"


def outside_period_refusal(day, periods: str, keys: set[str]) -> str:
    return (f"Ngày {day:%d/%m/%Y} nằm ngoài kỳ kế hoạch ({periods}). Sửa lại ngày, hoặc nếu đúng là hoạt động "
            f"ngoài kỳ, hãy {_column_hint(OUTSIDE_LABEL, keys, 'outside_plan_period')}.")


def late_entry_refusal(report, day, keys: set[str]) -> str:
    sent = f" ngày {timezone.localtime(report.submitted_at):%d/%m/%Y}" if report.submitted_at else ""
    return (f"Báo cáo {report.period.label} của {report.author_name} đã gửi{sent}, nên hoạt động ngày "
            f"{day:%d/%m/%Y} không còn tính vào báo cáo đó. Nếu vẫn ghi, hãy "
            f"{_column_hint(LATE_LABEL, keys, 'late_entry')}: hoạt động được ghi là bổ sung kỳ trước và tính "
            "vào báo cáo kỳ sau.")


class _PeriodQuestions:
    """The questions ``services.save_activity`` asks (a date outside the plan's period, an entry into a
    period whose report was sent), put to a row before it is written, with the service's own rules, so that
    every row that needs an answer is listed at once, naming its column. The service still decides when
    the row is written; these only word the refusal for a sheet."""

    def __init__(self, commune):
        self.commune = commune
        self._plans: dict[tuple, list] = {}
        self._frozen: dict[tuple, object] = {}

    def outside(self, row: dict, activity: Activity | None) -> str | None:
        from .services import _outside_plan_period, _plans_of

        day = row["date"]
        if row["outside_plan_period"] or (activity is not None and activity.outside_plan_period
                                          and activity.date == day):
            return None  # marked in the sheet, or already marked and its date kept
        task = activity.task if activity is not None and activity.task_id else None
        key = (tuple(sorted(row["topics"])), task.plan_id if task else None)
        if key not in self._plans:
            self._plans[key] = _plans_of(self.commune, row["topics"], task)
        outside, periods = _outside_plan_period(day, self._plans[key])
        return outside_period_refusal(day, periods, row["_keys"]) if outside else None

    def late(self, row: dict, activity: Activity | None) -> str | None:
        from .services import frozen_report_for

        day, unit_id = row["date"], row["unit_id"]
        if row["confirm_late"] or (activity is not None and activity.date == day and activity.unit_id == unit_id):
            return None  # answered in the sheet, or neither its date nor its unit changes
        if (unit_id, day) not in self._frozen:
            self._frozen[(unit_id, day)] = frozen_report_for(self.commune, unit_id, day)
        report = self._frozen[(unit_id, day)]
        return late_entry_refusal(report, day, row["_keys"]) if report is not None else None


# --- activities: validate and import ---------------------------------------------------------------
def validate_activities(commune, user, parsed: Parsed, *,
                        progress: Callable[[int], None] | None = None) -> list[dict]:
    """Clean rows ready to import; faults go to ``parsed.errors``. Each row is checked with the predicates
    of the activity form: a row that updates an activity (by its id or its natural key) needs
    ``can_edit_activity``, a new row ``can_record_activity_for`` its unit."""
    from . import access

    kinds = ensure_kinds(commune)
    kinds_by_name = {}
    for kind in kinds.values():
        kinds_by_name[_fold(kind.name)] = kind
        kinds_by_name.setdefault(_fold(kind.code), kind)
    units = {}
    for pk, name, aliases in Unit.objects.filter(commune=commune).values_list("pk", "name", "aliases"):
        units[_fold(name)] = pk
        for alias in aliases or []:
            units.setdefault(_fold(alias), pk)
    topic_ids = set(PlanTopic.objects.filter(plan__commune=commune).values_list("pk", flat=True))
    topics_by_text = {_fold(topic_choice(t)): t.pk for t in commune_topics(commune)}
    existing = {pk: Activity(pk=pk, commune=commune, unit_id=unit_id, created_by_id=creator, deleted_at=deleted,
                             date=day, outside_plan_period=outside,
                             task=Task(pk=task_id, commune=commune, plan_id=plan_id) if task_id else None)
                for pk, unit_id, creator, deleted, day, outside, task_id, plan_id in Activity.objects.filter(
                    commune=commune).values_list("pk", "unit_id", "created_by_id", "deleted_at", "date",
                                                 "outside_plan_period", "task_id", "task__plan_id")}
    questions = _PeriodQuestions(commune)
    today = timezone.localdate()
    by_key = {}
    for pk, unit_id, kind_id, day, title in Activity.objects.filter(commune=commune, deleted_at__isnull=True) \
            .values_list("pk", "unit_id", "kind_id", "date", "title"):
        by_key.setdefault(_activity_key(unit_id, kind_id, day, title), pk)
    bound_unit_id = access.default_unit_id(user)
    check = _Checker(parsed.errors, ACTIVITY_COLUMNS)
    clean = []
    for index, values in enumerate(parsed.rows):
        check.row = values["_row"]
        before = len(parsed.errors)
        row = {"_row": check.row, "_keys": parsed.keys}
        row["id"] = check.integer(values, "id", bounds.ROW_ID)
        if row["id"] is not None:
            known = existing.get(row["id"])
            if known is None:
                check.fail("id", f"không có hoạt động mã {row['id']} của xã")
            elif not access.can_edit_activity(user, known):
                check.fail("id", f"bạn không có quyền sửa hoạt động mã {row['id']}")
            elif known.deleted_at is not None:  # the edit page refuses it too
                check.fail("id", f"hoạt động mã {row['id']} đã bị xóa; hãy khôi phục trước khi sửa")
        row["date"] = check.date(values, "date", required=True)
        row["date_end"] = check.date(values, "date_end")
        if row["date"] and row["date_end"] and row["date_end"] < row["date"]:
            check.fail("date_end", "“Đến ngày” trước “Ngày”")
        for key in ("date", "date_end"):  # as save_activity refuses them, but every row listed, by column
            if row[key] and row[key] > today:
                check.fail(key, f"ngày {row[key]:%d/%m/%Y} ở tương lai (hôm nay là {today:%d/%m/%Y}); chỉ ghi nhận "
                                "hoạt động đã diễn ra")
        unit_text = _cell_text(values.get("unit"))
        row["unit_id"] = None
        if unit_text:
            row["unit_id"] = units.get(_fold(unit_text))
            if row["unit_id"] is None:
                check.fail("unit", f"không có đơn vị “{unit_text}” trong xã; hãy chọn trong danh sách")
        elif bound_unit_id is not None:
            row["unit_id"] = bound_unit_id
        if not access.can_record_activity_for(user, row["unit_id"]) and not (unit_text and row["unit_id"] is None):
            check.fail("unit", "bạn chỉ được ghi hoạt động của đơn vị mình")
        kind_text = _cell_text(values.get("kind"))
        row["kind"] = kinds_by_name.get(_fold(kind_text)) if kind_text else None
        if not kind_text:
            check.fail("kind", "chưa chọn hình thức")
        elif row["kind"] is None:
            check.fail("kind", f"không có hình thức “{kind_text}”; hãy chọn trong danh sách")
        row["title"] = check.text(values, "title", required=True)
        row["topics"] = []
        for part in [p.strip() for p in _cell_text(values.get("topics")).split(LIST_SEPARATOR) if p.strip()]:
            topic_id = _leading_id(part)
            if topic_id is None:
                topic_id = topics_by_text.get(_fold(part))
            if topic_id not in topic_ids:
                check.fail("topics", f"không có nội dung tuyên truyền “{part[:60]}” trong kế hoạch của xã")
            else:
                row["topics"].append(topic_id)
        for key, limit in (("channel", 200), ("audience", 255), ("quantity_unit", 60), ("place", 255)):
            row[key] = check.text(values, key, limit=limit)
        row["quantity"] = check.number(values, "quantity")
        row["reach"] = check.integer(values, "reach", bounds.REACH)
        row["links"] = []
        for url in [u.strip() for u in _cell_text(values.get("links")).replace("\n", ";").split(";") if u.strip()]:
            if not url.startswith(("http://", "https://")):
                check.fail("links", f"đường dẫn “{url[:60]}” phải bắt đầu bằng http:// hoặc https://")
            else:
                row["links"].append(url[:1000])
        row["is_public"] = check.yes_no(values, "is_public")
        row["outside_plan_period"] = check.yes_no(values, "outside_plan_period")
        row["confirm_late"] = check.yes_no(values, "late_entry")
        if row["id"] is None and row["kind"] is not None and row["date"] and row["title"]:
            matched = by_key.get(_activity_key(row["unit_id"], row["kind"].pk, row["date"], row["title"]))
            if matched is not None and not access.can_edit_activity(user, existing[matched]):
                check.fail("title", f"trùng hoạt động mã {matched} mà bạn không có quyền sửa")
        if len(parsed.errors) == before:
            matched = row["id"] or by_key.get(_row_key(row))
            activity = existing.get(matched) if matched else None
            if refusal := questions.outside(row, activity):
                check.fail("outside_plan_period", refusal)
            elif refusal := questions.late(row, activity):
                check.fail("late_entry", refusal)
        if len(parsed.errors) == before:
            clean.append(row)
        if progress and index % 500 == 499:
            progress(index + 1)
    return clean


def _activity_key(unit_id, kind_id, day, title) -> tuple:
    return (unit_id, kind_id, day, _fold(title))


# Rows written per transaction by a background import. Each row goes through save_activity (a dozen queries
# and its audit events), so a batch of 25 keeps the SQLite write lock near a second on a loaded machine
# (100 held it for seconds and starved the web writers: bench/import_under_load.py).
WRITE_BATCH = 25
# Between two batches the import lets go of the lock for a moment: SQLite has no queue of writers, and a
# worker that takes the lock again at once can starve the web's writers past their busy timeout. A writer
# that waits polls the lock every 100 ms (SQLite's busy handler, once it has waited ~0.3 s), so the pause is
# a few of those polls long: every waiting writer tries at least twice while the import stands aside.
BATCH_PAUSE_SECONDS = 0.25


def import_activities(commune, user, rows: list[dict], *, job=None,
                      progress: Callable[[int], None] | None = None) -> dict:
    """Write clean rows through ``services.save_activity``, the function behind the activity form, so that
    validation and the audit trail are the same whichever way an activity comes in. A fault the service
    finds refuses the whole file (``ImportRowRefused``). Returns counts.

    Without ``job`` (a file small enough for the request): one transaction. With ``job`` (a background
    import): short transactions that stay all-or-nothing for the user. New activities are written
    ``WRITE_BATCH`` rows at a time and hidden under the job in the same transaction, then published at
    once by one UPDATE; rows that update existing activities follow, a batch per transaction. A failure
    before publishing leaves nothing visible (``discard_staged_activities``); a worker that dies after it
    is retried, and the retry makes the same updates again (ids and natural keys)."""
    by_key = {}
    for pk, unit_id, kind_id, day, title in Activity.objects.filter(commune=commune, deleted_at__isnull=True) \
            .values_list("pk", "unit_id", "kind_id", "date", "title"):
        by_key.setdefault(_activity_key(unit_id, kind_id, day, title), pk)
    ids = [r["id"] for r in rows if r["id"]]
    current = {a.pk: a for a in Activity.objects.filter(commune=commune, pk__in=ids)} if ids else {}
    state = {"by_key": by_key, "current": current, "created": set(), "updated": set(), "unchanged": set(),
             "questions": _PeriodQuestions(commune)}
    if job is None:
        with transaction.atomic():
            _save_activity_rows(commune, user, rows, state)
    else:
        updating = [r for r in rows if r["id"] or by_key.get(_row_key(r))]
        creating = [r for r in rows if not (r["id"] or by_key.get(_row_key(r)))]
        done = 0
        for start in range(0, len(creating), WRITE_BATCH):
            with transaction.atomic():
                new_ids = _save_activity_rows(commune, user, creating[start:start + WRITE_BATCH], state)
                # audit: each row's creation is recorded by save_activity; hiding it until publication is staging
                Activity.objects.filter(pk__in=new_ids).update(deleted_at=timezone.now(), import_job=job)
            done += len(creating[start:start + WRITE_BATCH])
            if progress:
                progress(done)
            time.sleep(BATCH_PAUSE_SECONDS)
        publish_staged_activities(commune, job)
        for start in range(0, len(updating), WRITE_BATCH):
            with transaction.atomic():
                _save_activity_rows(commune, user, updating[start:start + WRITE_BATCH], state)
            done += len(updating[start:start + WRITE_BATCH])
            if progress:
                progress(done)
            time.sleep(BATCH_PAUSE_SECONDS)
    unchanged = state["unchanged"] - state["updated"] - state["created"]
    return {"created": len(state["created"]), "updated": len(state["updated"] - state["created"]),
            "unchanged": len(unchanged)}


def _row_key(row) -> tuple:
    return _activity_key(row["unit_id"], row["kind"].pk, row["date"], row["title"])


def _save_activity_rows(commune, user, rows: list[dict], state: dict) -> list[int]:
    """Save each row (inside the caller's transaction); returns the ids of the activities it created."""
    from .services import LateEntryNeedsConfirmation, WorkError, save_activity

    by_key, current, new_ids = state["by_key"], state["current"], []
    for row in rows:
        key = _row_key(row)
        activity_id = row["id"] or by_key.get(key)
        activity = current.get(activity_id) if activity_id else None
        if activity_id and activity is None:
            activity = Activity.objects.filter(commune=commune, pk=activity_id).first()
        if activity is not None and _activity_matches(activity, row):
            state["unchanged"].add(activity.pk)  # the same row again (a file uploaded twice): nothing to write
            by_key[key] = activity.pk
            continue
        if refusal := state["questions"].outside(row, activity):  # the plan's period changed since the check
            raise ImportRowRefused([RowError(row["_row"], OUTSIDE_LABEL, refusal)])
        try:
            saved = save_activity(
                commune, kind=row["kind"], title=row["title"], day=row["date"], day_end=row["date_end"],
                unit=row["unit_id"], channel=row["channel"], quantity=row["quantity"],
                quantity_unit=row["quantity_unit"], reach=row["reach"], topics=row["topics"], links=row["links"],
                audience=row["audience"], place=row["place"], is_public=row["is_public"], user=user,
                task=activity.task if activity is not None else None, activity=activity,
                outside_plan_period=row["outside_plan_period"], confirm_late=row["confirm_late"])
        except LateEntryNeedsConfirmation as exc:  # a report sent since the file was checked
            raise ImportRowRefused([RowError(row["_row"], LATE_LABEL,
                                             late_entry_refusal(exc.report, row["date"], row["_keys"]))]) from exc
        except WorkError as exc:
            raise ImportRowRefused([RowError(row["_row"], "", exc.message)]) from exc
        if activity is None:
            state["created"].add(saved.pk)
            new_ids.append(saved.pk)
        else:
            state["updated"].add(saved.pk)
        current[saved.pk] = saved
        by_key[key] = saved.pk
    return new_ids


def _activity_matches(activity: Activity, row: dict) -> bool:
    """Whether saving ``row`` would leave ``activity`` as it is (what an exported row does when it comes
    back unchanged). The same normalisation as ``save_activity``: titles stripped, the kind's unit of
    quantity when none is given, links only ever added."""
    from .services import _quantity

    if activity.deleted_at is not None:
        return False
    same = (
        activity.kind_id == row["kind"].pk and activity.title == (row["title"] or "").strip()[:500]
        and activity.date == row["date"] and activity.date_end == row["date_end"]
        and activity.unit_id == row["unit_id"] and activity.channel == (row["channel"] or "")[:200]
        and activity.quantity == _quantity(row["quantity"])
        and activity.quantity_unit == (row["quantity_unit"] or row["kind"].quantity_unit or "")[:60]
        and activity.reach == row["reach"] and activity.audience == (row["audience"] or "")[:255]
        and activity.place == (row["place"] or "")[:255] and activity.is_public == row["is_public"]
    )
    if not same:
        return False
    if set(activity.topics.values_list("pk", flat=True)) != set(row["topics"]):
        return False
    links = set(activity.evidence.filter(kind=EvidenceKind.LINK).values_list("url", flat=True))
    return {url.strip() for url in row["links"] if url.strip()} <= links


@transaction.atomic
def publish_staged_activities(commune, job) -> int:
    """Show at once every activity a background import wrote hidden (one UPDATE)."""
    # audit: the rows' creation was recorded as they were written; publishing only lifts the staging mark
    return Activity.objects.filter(commune=commune, import_job=job).update(deleted_at=None, import_job=None)


def discard_staged_activities(commune, job) -> int:
    """Remove what a failed background import wrote hidden (its links and topic rows with it), in short
    transactions. Safe to run twice, and on a job that wrote nothing."""
    removed = 0
    while True:
        with transaction.atomic():
            ids = list(Activity.objects.filter(commune=commune, import_job=job)
                       .values_list("pk", flat=True)[:WRITE_BATCH])
            if not ids:
                return removed
            Evidence.objects.filter(activity_id__in=ids).delete()
            Activity.topics.through.objects.filter(activity_id__in=ids).delete()
            removed += Activity.objects.filter(pk__in=ids).delete()[1].get("work.Activity", 0)


# --- tasks: validate and import --------------------------------------------------------------------
STATUS_BY_LABEL = {_fold(label): code for code, label in TaskStatus.choices}


def validate_tasks(commune, user, parsed: Parsed, *, progress=None) -> list[dict]:
    from tuyentruyen.plans.models import Plan

    from . import access

    plans = {p.pk: p for p in Plan.objects.filter(commune=commune)}
    units = {}
    for pk, name, aliases in Unit.objects.filter(commune=commune).values_list("pk", "name", "aliases"):
        units[_fold(name)] = pk
        for alias in aliases or []:
            units.setdefault(_fold(alias), pk)
    existing = set(Task.objects.filter(commune=commune).values_list("pk", flat=True))
    # Owners as the plan wrote them ("Các phòng chuyên môn, …"), which no unit stands behind: an export
    # writes them when a task has no unit, so the same text must come back in.
    lead_names, coordinating_names = {}, {}
    for lead_name, coordinating in Task.objects.filter(commune=commune).values_list("lead_name", "coordinating_names"):
        if lead_name:
            lead_names.setdefault(_fold(lead_name), lead_name)
        if coordinating:
            coordinating_names.setdefault(_fold(coordinating), coordinating)
    check = _Checker(parsed.errors, TASK_COLUMNS)
    clean = []
    for index, values in enumerate(parsed.rows):
        check.row = values["_row"]
        before = len(parsed.errors)
        row = {"_row": check.row}
        row["id"] = check.integer(values, "id", bounds.ROW_ID)
        if not access.can_manage_tasks(user):  # the predicate of the task management forms
            check.fail("id", "bạn không có quyền thêm hay sửa nhiệm vụ")
        elif row["id"] is not None and row["id"] not in existing:
            check.fail("id", f"không có nhiệm vụ mã {row['id']} của xã")
        plan_text = _cell_text(values.get("plan"))
        plan_id = _leading_id(plan_text) if plan_text else None
        row["plan"] = plans.get(plan_id) if plan_id else None
        if not plan_text:
            check.fail("plan", "chưa chọn kế hoạch")
        elif row["plan"] is None:
            check.fail("plan", f"không có kế hoạch “{plan_text[:60]}” của xã; hãy chọn trong danh sách")
        row["group"] = check.text(values, "group", limit=255)
        row["title"] = check.text(values, "title", required=True, limit=5000)
        lead_text = _cell_text(values.get("lead"))
        row["lead"] = units.get(_fold(lead_text)) if lead_text else None
        row["lead_name"] = lead_names.get(_fold(lead_text), "") if lead_text and row["lead"] is None else ""
        if lead_text and row["lead"] is None and not row["lead_name"]:
            check.fail("lead", f"không có đơn vị “{lead_text}” trong xã; hãy chọn trong danh sách")
        coordinating_text = _cell_text(values.get("coordinating"))
        names = [n.strip() for n in coordinating_text.split(LIST_SEPARATOR) if n.strip()]
        row["coordinating"] = [units.get(_fold(name)) for name in names]
        row["coordinating_names"] = ""
        if None in row["coordinating"]:  # not all units: the plan's own wording, or a mistake
            row["coordinating_names"] = coordinating_names.get(_fold(coordinating_text), "")
            if row["coordinating_names"]:
                row["coordinating"] = []
            for name, unit_id in zip(names, row["coordinating"], strict=False):
                if unit_id is None:
                    check.fail("coordinating", f"không có đơn vị “{name}” trong xã")
        row["timeframe"] = check.text(values, "timeframe", limit=255)
        row["start"] = check.date(values, "start")
        row["due"] = check.date(values, "due")
        if row["start"] and row["due"] and row["due"] < row["start"]:
            check.fail("due", "hạn hoàn thành trước ngày bắt đầu")
        row["progress"] = check.integer(values, "progress", bounds.PERCENT)
        status_text = _cell_text(values.get("status"))
        row["status"] = None
        # "Quá hạn" is what an export writes for an open task past its due date: it says nothing new
        row["status_overdue"] = bool(status_text) and _fold(status_text) == _fold(status_label("overdue"))
        if status_text and not row["status_overdue"]:
            row["status"] = STATUS_BY_LABEL.get(_fold(status_text))
            if row["status"] is None:
                check.fail("status", f"trạng thái “{status_text}” không hợp lệ; hãy chọn trong danh sách")
        row["weight"] = check.integer(values, "weight", bounds.WEIGHT)
        row["deliverable"] = check.text(values, "deliverable")
        row["cancel_reason"] = check.text(values, "cancel_reason")
        if row["status"] == TaskStatus.CANCELLED and not row["cancel_reason"]:
            check.fail("cancel_reason", "nhiệm vụ hủy cần ghi lý do")
        if len(parsed.errors) == before:
            clean.append(row)
        if progress and index % 500 == 499:
            progress(index + 1)
    return clean


_TASK_FIELDS = ("plan_id", "group", "title", "lead_unit_id", "lead_name", "coordinating_names", "timeframe_text",
                "start", "due", "progress", "status", "weight", "deliverable", "cancel_reason")


def _task_state(task: Task, coordinating: list[int]) -> tuple:
    return (*(getattr(task, name) for name in _TASK_FIELDS), tuple(sorted(coordinating)))


@transaction.atomic
def import_tasks(commune, user, rows: list[dict], *, job=None, progress=None) -> dict:
    """One transaction, also in the background: a commune's tasks number in the hundreds, not the
    thousands of activities, so the write lock stays short. A row that changes nothing (the same file
    again, or an exported row left as it was) writes nothing and is counted as unchanged."""
    from .services import _refresh_current_due

    by_key = {(plan_id, _fold(title)): pk for pk, plan_id, title in
              Task.objects.filter(commune=commune).values_list("pk", "plan_id", "title")}
    created = updated = unchanged = 0
    for row in rows:
        task_id = row["id"] or by_key.get((row["plan"].pk, _fold(row["title"])))
        task = Task.objects.filter(pk=task_id).first() if task_id else None
        before = None
        if task is None:
            task = Task(commune=commune, created_by=user, position=len(by_key) + 1)
        else:
            before = _task_state(task, list(task.coordinating_units.values_list("pk", flat=True)))
        task.plan, task.group, task.title = row["plan"], row["group"], row["title"]
        task.lead_unit_id = row["lead"]
        if row["lead"] is None:
            task.lead_name = row["lead_name"]  # a plan's wording kept as text, or no owner at all
        coordinating = [u for u in row["coordinating"] if u != task.lead_unit_id]
        if row["coordinating_names"]:
            task.coordinating_names = row["coordinating_names"]
        elif not coordinating:
            task.coordinating_names = ""
        task.timeframe_text = row["timeframe"]
        task.start, task.due = row["start"], row["due"]
        if row["progress"] is not None:
            task.progress = row["progress"]
        if row["status"]:
            task.status = row["status"]
        elif row.get("status_overdue") and before is not None:
            pass  # the task's own (open) status stays
        elif row["progress"] is not None:
            task.status = (TaskStatus.DONE if task.progress == 100 else
                           TaskStatus.IN_PROGRESS if task.progress else task.status)
        if row["weight"]:
            task.weight = row["weight"]
        task.deliverable, task.cancel_reason = row["deliverable"], row["cancel_reason"]
        by_key[(row["plan"].pk, _fold(row["title"]))] = task.pk
        if before is not None and before == _task_state(task, coordinating):
            unchanged += 1
            continue
        if before is None:
            created += 1
        else:
            updated += 1
        task.save()
        by_key[(row["plan"].pk, _fold(row["title"]))] = task.pk
        task.coordinating_units.set(coordinating)
        _refresh_current_due(task)
    return {"created": created, "updated": updated, "unchanged": unchanged}


IMPORTERS = {
    "activities": (validate_activities, import_activities),
    "tasks": (validate_tasks, import_tasks),
}
