"""The question bank as a spreadsheet: the template staff download, and the reading of a filled one into
rows, each with its Vietnamese refusals by row and column. Pure (openpyxl, no Django): the service adds
the rows through the same function that adds one question (services.import_bank_questions)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from tuyentruyen.lib.text import clean_text, fold
from tuyentruyen.lib.xlsx import append_row, workbook_bytes

LETTERS = "ABCDEF"
HEADER = (["Câu hỏi"] + [f"Phương án {letter}" for letter in LETTERS]
          + ["Đáp án đúng", "Chủ đề", "Đang dùng"])
MAX_ROWS = 1000
MAX_QUESTION = 500
MAX_CHOICE = 300
REFUSED_UNREADABLE = "Không đọc được tệp. Hãy tải lên tệp Excel (.xlsx) lập từ mẫu ngân hàng câu hỏi."
REFUSED_HEADER = ("Dòng 1 phải là dòng tiêu đề của mẫu (Câu hỏi, Phương án A … F, Đáp án đúng, Chủ đề). "
                  "Hãy tải mẫu về và điền vào đó.")

EXAMPLES = [
    ["Bộ phận Một cửa của xã có nhiệm vụ gì?", "Tiếp nhận hồ sơ và trả kết quả giải quyết thủ tục hành chính",
     "Thu thuế sử dụng đất", "Xét xử tranh chấp dân sự", "", "", "", "A", "Một cửa", "Có"],
    ["Người dân có thể nộp hồ sơ trực tuyến ở đâu? (chọn tất cả các đáp án đúng)", "Cổng Dịch vụ công quốc gia",
     "Ứng dụng định danh điện tử VNeID (với các thủ tục được tích hợp)", "Trang cá nhân của cán bộ một cửa", "",
     "", "", "A, B", "Dịch vụ công trực tuyến", "Có"],
]


@dataclass
class BankRow:
    row: int
    text: str = ""
    choices: list[str] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)  # indexes into choices
    topics: list[str] = field(default_factory=list)
    active: bool = True
    errors: list[str] = field(default_factory=list)


def template_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ngân hàng câu hỏi"
    append_row(ws, HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for example in EXAMPLES:
        append_row(ws, example)
    widths = [60] + [36] * len(LETTERS) + [14, 24, 12]
    for index, width in enumerate(widths):
        ws.column_dimensions[ws.cell(row=1, column=index + 1).column_letter].width = width
    ws.freeze_panes = "A2"
    guide = wb.create_sheet("Hướng dẫn")
    for line in [
        "Mỗi dòng một câu hỏi. Dòng 1 là tiêu đề, không xóa. Hai dòng mẫu có thể xóa hoặc sửa.",
        "Phương án: điền từ Phương án A; cần ít nhất hai phương án, tối đa sáu.",
        "Đáp án đúng: chữ cái của phương án đúng (A … F); nhiều đáp án đúng thì cách nhau bằng dấu phẩy, ví dụ A, C.",
        "Chủ đề: không bắt buộc; nhiều chủ đề cách nhau bằng dấu phẩy.",
        "Đang dùng: Có hoặc Không; để trống là Có.",
        "Tệp chỉ được nhập khi mọi dòng đều đúng: nếu có lỗi, không câu nào được thêm và phần mềm chỉ rõ dòng, cột cần sửa.",
    ]:
        append_row(guide, [line])
    guide.column_dimensions["A"].width = 110
    return workbook_bytes(wb)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


def _columns(header: tuple) -> dict[str, int] | None:
    """Where each column of the template is in the file's first row (staff may reorder or add columns)."""
    wanted = {fold(name): name for name in HEADER}
    found = {}
    for index, value in enumerate(header):
        key = fold(_text(value))
        if key in wanted and wanted[key] not in found:
            found[wanted[key]] = index
    needed = {"Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng"}
    return found if needed <= found.keys() else None


def parse_correct(value: str, count: int) -> tuple[list[int], str | None]:
    """"A, C" (or "1, 3") → [0, 2]; with the refusal when a letter names no filled choice."""
    parts = [p.strip() for p in value.replace(";", ",").replace("/", ",").split(",") if p.strip()]
    if not parts:
        return [], "cột “Đáp án đúng” còn trống; hãy ghi chữ cái của phương án đúng, ví dụ B"
    indexes = []
    for part in parts:
        upper = part.upper()
        if len(upper) == 1 and upper in LETTERS:
            index = LETTERS.index(upper)
        elif part.isdigit() and 1 <= int(part) <= len(LETTERS):
            index = int(part) - 1
        else:
            return [], f"cột “Đáp án đúng”: “{part[:20]}” không phải chữ cái phương án (A … F)"
        if index >= count:
            return [], f"cột “Đáp án đúng”: phương án {LETTERS[index]} còn trống"
        indexes.append(index)
    return sorted(set(indexes)), None


def _row(number: int, values: tuple, columns: dict[str, int]) -> BankRow:
    def cell(name):
        index = columns.get(name)
        return _text(values[index]) if index is not None and index < len(values) else ""

    row = BankRow(number, text=cell("Câu hỏi"))
    if not row.text:
        row.errors.append("cột “Câu hỏi” còn trống")
    elif len(row.text) > MAX_QUESTION:
        row.errors.append(f"cột “Câu hỏi” dài quá {MAX_QUESTION} ký tự")
    letters = []
    for letter in LETTERS:
        choice = cell(f"Phương án {letter}")
        if choice:
            if len(choice) > MAX_CHOICE:
                row.errors.append(f"cột “Phương án {letter}” dài quá {MAX_CHOICE} ký tự")
            letters.append(letter)
            row.choices.append(choice)
    expected = list(LETTERS[: len(letters)])
    if len(row.choices) < 2:
        row.errors.append("cần ít nhất hai phương án (Phương án A và B)")
    elif letters != expected:
        row.errors.append(f"các phương án phải điền liền nhau từ A; đang bỏ trống phương án "
                          f"{next(x for x, y in zip(expected, letters, strict=False) if x != y)}")
    # the correct letters name the choices as written in the row's columns
    correct, refusal = parse_correct(cell("Đáp án đúng"), len(LETTERS))
    if refusal:
        row.errors.append(refusal)
    else:
        missing = [LETTERS[i] for i in correct if LETTERS[i] not in letters]
        if missing:
            row.errors.append(f"cột “Đáp án đúng”: phương án {', '.join(missing)} còn trống")
        row.correct = [letters.index(LETTERS[i]) for i in correct if LETTERS[i] in letters]
    row.topics = [t for t in (clean_text(p)[:60] for p in cell("Chủ đề").replace(";", ",").split(",")) if t]
    active = fold(cell("Đang dùng"))
    if active in ("", "co", "x", "1", "dung"):
        row.active = True
    elif active in ("khong", "0", "ngung"):
        row.active = False
    else:
        row.errors.append("cột “Đang dùng” chỉ nhận Có hoặc Không")
    return row


def read_bank_rows(data: bytes) -> tuple[list[BankRow], str | None]:
    """(rows with something in them, or a refusal of the whole file)."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        ws.reset_dimensions()
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], REFUSED_UNREADABLE
    rows: list[BankRow] = []
    try:
        iterator = ws.iter_rows(values_only=True)
        header = next(iterator, None)
        columns = _columns(header or ())
        if columns is None:
            return [], REFUSED_HEADER
        for number, values in enumerate(iterator, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                return [], f"Tệp có hơn {MAX_ROWS} câu hỏi; hãy chia thành nhiều tệp."
            rows.append(_row(number, values, columns))
    except Exception:
        return [], REFUSED_UNREADABLE
    finally:
        wb.close()
    if not rows:
        return [], "Tệp chưa có câu hỏi nào dưới dòng tiêu đề."
    return rows, None
