"""Read a procedure catalogue from a file (pure functions: no Django).

Three sources are understood, recognised by their content and never by their name:

- the project's own JSON export (a list of records shaped like ``data/demo_catalogue.json``);
- the annex tables of a province's announcement decision (quyết định công bố) in DOCX;
- the same tables in XLSX.

A table is found by its header row, recognised by its words (STT, Tên thủ tục hành chính, Thời hạn giải
quyết, Địa điểm thực hiện, Phí, lệ phí, Căn cứ pháp lý…). Group rows such as "I. Lĩnh vực Hộ tịch" (often
merged across the row) set the field of the rows below; a heading above a table or a group row that says
"bãi bỏ" or "sửa đổi, bổ sung" sets the status of its procedures. Every problem is collected, with the row
it comes from, before anything is returned: the caller imports all or nothing.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date

from tuyentruyen.lib import bounds
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.text import normalise

from .search.text import fold

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ERRORS = 50
SUPPORTED = "Hãy chọn tệp JSON xuất từ phần mềm, hoặc bảng danh mục thủ tục dạng Word (.docx) hay Excel (.xlsx)."

STATUSES = ("in_force", "amended", "replaced", "abolished")
STATUS_LABELS = {
    "dang co hieu luc": "in_force", "con hieu luc": "in_force", "moi ban hanh": "in_force",
    "sua doi": "amended", "sua doi, bo sung": "amended", "da duoc sua doi, bo sung": "amended",
    "thay the": "replaced", "da duoc thay the": "replaced", "bi thay the": "replaced",
    "bai bo": "abolished", "da bai bo": "abolished", "bi bai bo": "abolished",
}
CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{0,59}$")
TEXT_FIELDS = ("field", "level", "agency", "processing_time", "fees", "result")


class CatalogueImportError(UserError):
    """The file cannot be imported; ``errors`` are Vietnamese, one per problem, each naming its row."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ParsedCatalogue:
    kind: str  # "json", "docx" or "xlsx"
    records: list[dict] = field(default_factory=list)
    # Tables carry only some fields: an import from them updates those and keeps the rest.
    partial: bool = False


def parse_catalogue(data: bytes, filename: str = "") -> ParsedCatalogue:
    if not data:
        raise CatalogueImportError(["Tệp rỗng."])
    if len(data) > MAX_IMPORT_BYTES:
        raise CatalogueImportError([f"Tệp quá lớn; giới hạn là {MAX_IMPORT_BYTES // 1024 // 1024} MB."])
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _parse_zip(data)
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"[", b"{"):
        return parse_json(data)
    raise CatalogueImportError([f"Định dạng tệp không được hỗ trợ. {SUPPORTED}"])


# --- JSON ---------------------------------------------------------------------------------------------


def parse_json(data: bytes) -> ParsedCatalogue:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueImportError([f"Tệp JSON không hợp lệ: {exc}."]) from exc
    if isinstance(payload, dict) and isinstance(payload.get("procedures"), list):
        payload = payload["procedures"]
    if not isinstance(payload, list):
        raise CatalogueImportError(["Tệp JSON phải là một danh sách thủ tục."])
    errors: list[str] = []
    records = []
    seen: dict[str, int] = {}
    for position, item in enumerate(payload, 1):
        where = f"Thủ tục thứ {position}"
        if not isinstance(item, dict):
            errors.append(f"{where}: phải là một đối tượng có mã và tên thủ tục.")
            continue
        if isinstance(item.get("code"), str) and item["code"].strip():
            where += f" (mã {item['code'].strip()[:60]})"
        record, problems = _clean_json_record(item)
        errors.extend(f"{where}: {p}" for p in problems)
        if record.get("code"):
            if record["code"] in seen:
                errors.append(f"{where}: mã thủ tục trùng với thủ tục thứ {seen[record['code']]}.")
            seen.setdefault(record["code"], position)
        records.append(record)
        if len(errors) >= MAX_ERRORS:
            break
    if not payload:
        errors.append("Tệp JSON không có thủ tục nào.")
    if errors:
        raise CatalogueImportError(errors[:MAX_ERRORS])
    return ParsedCatalogue("json", records)


# A commune's own layer over a shared procedure (``Publication``'s local details), in the JSON as "local".
LOCAL_FIELDS = ("where_to_submit", "opening_hours", "local_notes")
LOCAL_LIMIT = 2000


def _str(value) -> str | None:
    if value is None:
        return ""
    return normalise(value).strip() if isinstance(value, str) else None


def _clean_json_record(item: dict) -> tuple[dict, list[str]]:
    problems: list[str] = []
    record: dict = {}
    code = _str(item.get("code"))
    if not code:
        problems.append("thiếu mã thủ tục (code).")
    elif not CODE_RE.match(code):
        problems.append(f"mã thủ tục “{code[:60]}” không hợp lệ (chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang).")
    else:
        record["code"] = code
    name = _str(item.get("name"))
    if not name:
        problems.append("thiếu tên thủ tục (name).")
    elif len(name) > 500:
        problems.append("tên thủ tục dài quá 500 ký tự.")
    else:
        record["name"] = _squash(name)
    for key in TEXT_FIELDS:
        if key in item:
            value = _str(item[key])
            if value is None:
                problems.append(f"trường “{key}” phải là chữ.")
            else:
                record[key] = value
    if "steps" in item:
        steps = item["steps"] if item["steps"] is not None else []
        if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
            problems.append("trường “steps” phải là danh sách các bước (chữ).")
        else:
            record["steps"] = [normalise(s).strip() for s in steps if s.strip()]
    if "dossier" in item:
        dossier = _clean_dossier(item["dossier"])
        if dossier is None:
            problems.append("trường “dossier” phải là danh sách giấy tờ {name, copies}.")
        else:
            record["dossier"] = dossier
    if "submission" in item:
        submission = _clean_submission(item["submission"])
        if isinstance(submission, str):
            problems.append(submission)
        else:
            record["submission"] = submission
    if "legal_bases" in item:
        bases = item["legal_bases"] if item["legal_bases"] is not None else []
        if not isinstance(bases, list) or not all(isinstance(b, str) for b in bases):
            problems.append("trường “legal_bases” phải là danh sách căn cứ pháp lý (chữ).")
        else:
            record["legal_bases"] = [_squash(b) for b in bases if b.strip()]
    if item.get("status") not in (None, ""):
        status = normalise_status(item["status"])
        if status is None:
            problems.append(f"tình trạng “{str(item['status'])[:40]}” không hợp lệ "
                            "(in_force, amended, replaced hoặc abolished).")
        else:
            record["status"] = status
    if item.get("status_date") not in (None, ""):
        parsed = parse_date(item["status_date"])
        if parsed is None:
            problems.append("ngày đổi tình trạng (status_date) không hợp lệ; viết dd/mm/yyyy hoặc yyyy-mm-dd.")
        elif refusal := bounds.LEGAL_DATE.refusal(parsed):
            problems.append(f"ngày đổi tình trạng (status_date) {refusal}.")
        else:
            record["status_date"] = parsed
    if item.get("replaced_by") not in (None, ""):
        replaced_by = _str(item["replaced_by"])
        if not replaced_by or not CODE_RE.match(replaced_by):
            problems.append("mã thủ tục thay thế (replaced_by) không hợp lệ.")
        else:
            record["replaced_by"] = replaced_by
    if "demo" in item:
        record["demo"] = bool(item["demo"])
    if item.get("local") not in (None, {}):
        local = item["local"]
        if not isinstance(local, dict) or not all(isinstance(local.get(k, ""), str) for k in LOCAL_FIELDS) \
                or set(local) - set(LOCAL_FIELDS):
            problems.append("trường “local” (thông tin tại xã) chỉ gồm where_to_submit, opening_hours, "
                            "local_notes, đều là chữ.")
        elif any(len(local.get(k, "")) > LOCAL_LIMIT for k in LOCAL_FIELDS):
            problems.append(f"thông tin tại xã (local) dài quá {LOCAL_LIMIT} ký tự.")
        else:
            record["local"] = {k: local[k].strip() for k in LOCAL_FIELDS if k in local}
    return record, problems


def _clean_dossier(value) -> list[dict] | None:
    if value is None:
        return []
    if not isinstance(value, list):
        return None
    out = []
    for entry in value:
        if isinstance(entry, str):
            if entry.strip():
                out.append({"name": entry.strip(), "copies": ""})
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            copies = entry.get("copies") or ""
            if not isinstance(copies, str):
                return None
            if entry["name"].strip():
                out.append({"name": entry["name"].strip(), "copies": copies.strip()})
        else:
            return None
    return out


def _clean_submission(value) -> dict | str:
    if value is None:
        return {}
    if not isinstance(value, dict):
        return "trường “submission” phải là đối tượng {counter, post, online, online_url}."
    out: dict = {}
    for key in ("counter", "post", "online"):
        if key in value:
            item = value[key]
            if item is None or isinstance(item, bool):
                out[key] = bool(item)
            elif isinstance(item, str):
                out[key] = item.strip()
            else:
                return f"trường “submission.{key}” phải là đúng/sai hoặc chữ."
    url = value.get("online_url")
    if url not in (None, ""):
        if not isinstance(url, str) or not url.strip().startswith(("https://", "http://")) or len(url) > 500:
            return "đường dẫn nộp trực tuyến (submission.online_url) phải bắt đầu bằng https:// hoặc http://."
        out["online_url"] = url.strip()
    else:
        out["online_url"] = None
    return out


def normalise_status(value) -> str | None:
    if not isinstance(value, str):
        return None
    key = value.strip().lower()
    if key in STATUSES:
        return key
    return STATUS_LABELS.get(fold(key).strip(" ."))


def parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", value)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None


# --- tables (DOCX, XLSX) --------------------------------------------------------------------------------

# Header words (folded) → column. Checked in order: "Mã thủ tục" before "Tên thủ tục", "Cơ quan thực
# hiện" before "Địa điểm thực hiện".
HEADER_RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("stt", re.compile(r"^(stt|tt|so tt|so thu tu)$")),
    ("code", re.compile(r"^ma\b|\bma (so|thu tuc|tthc)\b")),
    ("name", re.compile(r"\bten (thu tuc|tthc)|^ten$|^thu tuc hanh chinh$")),
    ("field", re.compile(r"^linh vuc")),
    ("processing_time", re.compile(r"\b(thoi han|thoi gian) giai quyet|^thoi han\b")),
    ("agency", re.compile(r"\bco quan (thuc hien|giai quyet)")),
    ("place", re.compile(r"\bdia diem\b|\bnoi (tiep nhan|thuc hien|nop)")),
    ("fees", re.compile(r"\b(phi|le phi)\b")),
    ("legal", re.compile(r"\bcan cu\b")),
    ("method", re.compile(r"\bcach thuc\b")),
)
_ROMAN_OR_LETTER = re.compile(r"^\s*(?:[IVXLC]+|[A-ZĐ])\s*[.)/:-]\s*", re.I)
_COLUMN_NUMBERS = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d+[.)])\s+")


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", normalise(value or "")).strip()


def _cell_lines(value: str) -> list[str]:
    lines = [_squash(line) for line in re.split(r"[\r\n]+", unicodedata.normalize("NFC", value or ""))]
    return [line for line in lines if line]


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column positions when the row is a catalogue header, else None."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        folded = _squash(fold(cell)).strip(" .:")
        if not folded or len(folded) > 80:
            continue
        for name, rule in HEADER_RULES:
            if rule.search(folded):
                columns.setdefault(name, position)
                break
    if "name" in columns and len(columns.keys() - {"name"}) >= 1:
        return columns
    return None


def status_from_heading(value: str) -> str | None:
    folded = fold(value)
    found = set()
    if "bai bo" in folded:
        found.add("abolished")
    if "sua doi" in folded or "bo sung" in folded or "thay the" in folded:
        found.add("amended")
    if "moi ban hanh" in folded:
        found.add("in_force")
    # A title that names several lists ("mới ban hành, sửa đổi, bổ sung và bãi bỏ") says nothing per row.
    return found.pop() if len(found) == 1 else None


def _group(texts: list[str]) -> tuple[str, str] | None:
    """("field" | "level" | "status", value) for a group row such as "I. Lĩnh vực Hộ tịch"."""
    text = _squash(texts[0])
    folded = fold(text)
    status = status_from_heading(text) if "thu tuc" in folded or "danh muc" in folded else None
    if status:
        return "status", status
    bare = _ROMAN_OR_LETTER.sub("", text).strip(" .:;")
    folded_bare = fold(bare)
    if "linh vuc" in folded_bare:
        bare = re.sub(r"^(?:\S+\s+){0,3}?l[iĩ]nh v[uự]c\s*:?\s*", "", bare, flags=re.I).strip(" .:;")
        if bare.isupper():
            bare = bare.capitalize()
        return ("field", bare) if bare else None
    for level in ("cấp xã", "cấp tỉnh", "cấp huyện", "cấp trung ương"):
        if fold(level) in folded_bare and ("thu tuc" in folded_bare or len(folded_bare.split()) <= 6):
            return "level", level[0].upper() + level[1:]
    if _ROMAN_OR_LETTER.match(text) and bare:
        return "field", bare
    return None


@dataclass
class _Table:
    rows: list[list[str]]
    heading: str  # text just above the table (DOCX) or the sheet's name (XLSX)
    label: str  # "Bảng 2" or "Trang tính “Danh mục”"


def parse_tables(tables: list[_Table], kind: str) -> ParsedCatalogue:
    errors: list[str] = []
    records: list[dict] = []
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    found_header = False
    for table in tables:
        columns = None
        field_name = ""
        level = ""
        status = status_from_heading(table.heading)
        for row_no, raw in enumerate(table.rows, 1):
            cells = [c or "" for c in raw]
            if columns is None:
                columns = header_columns(cells)
                if columns is not None:
                    found_header = True
                continue
            texts = [_squash(c) for c in cells if _squash(c)]
            if not texts or all(_COLUMN_NUMBERS.match(t) for t in texts):
                continue
            where = f"{table.label}, dòng {row_no}"

            def cell(name: str, cells=cells, columns=columns) -> str:
                position = columns.get(name)
                return cells[position] if position is not None and position < len(cells) else ""

            stt = _squash(cell("stt"))
            name = _squash(cell("name"))
            distinct = set(texts)
            is_data = bool(re.fullmatch(r"\d{1,4}\.?", stt)) or (name and len(distinct) > 1)
            if not is_data:
                group = _group(texts)
                if group is not None:
                    kind_, value = group
                    if kind_ == "field":
                        field_name = value
                    elif kind_ == "level":
                        level = value
                    else:
                        status = value
                    continue
            if not name:
                errors.append(f"{where}: thiếu tên thủ tục.")
                continue
            if len(name) > 500:
                errors.append(f"{where}: tên thủ tục dài quá 500 ký tự.")
                continue
            record: dict = {"name": name, "_where": where}
            code = _squash(cell("code"))
            if code:
                if not CODE_RE.match(code):
                    errors.append(f"{where}: mã thủ tục “{code[:60]}” không hợp lệ.")
                    continue
                record["code"] = code
                if code in codes:
                    errors.append(f"{where}: mã thủ tục {code} trùng với {codes[code]}.")
                codes.setdefault(code, where)
            else:
                key = fold(name)
                if key in names:
                    errors.append(f"{where}: thủ tục “{name}” trùng với {names[key]}.")
                names.setdefault(key, where)
            column_field = _squash(cell("field"))
            if column_field or field_name:
                record["field"] = column_field or field_name
            if level:
                record["level"] = level
            for key in ("processing_time", "fees", "agency"):
                value = "\n".join(_cell_lines(cell(key)))
                if value:
                    record[key] = value
            place = "\n".join(_cell_lines(cell("place")))
            if place:
                record["submission"] = {"counter": place}
            legal = cell("legal")
            if legal.strip():
                bases = []
                for line in _cell_lines(legal):
                    for part in line.split(";"):
                        part = _BULLET.sub("", part).strip(" .,")
                        if part:
                            bases.append(part)
                record["legal_bases"] = bases
            if status:
                record["status"] = status
            records.append(record)
            if len(errors) >= MAX_ERRORS:
                break
    if not found_header:
        errors.insert(0, "Không tìm thấy bảng danh mục thủ tục: cần một hàng tiêu đề có “Tên thủ tục hành chính” "
                         "và các cột như STT, Thời hạn giải quyết, Địa điểm thực hiện, Phí, lệ phí, Căn cứ pháp lý.")
    elif not records and not errors:
        errors.append("Bảng danh mục không có thủ tục nào.")
    if errors:
        raise CatalogueImportError(errors[:MAX_ERRORS])
    return ParsedCatalogue(kind, records, partial=True)


def _parse_zip(data: bytes) -> ParsedCatalogue:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CatalogueImportError(["Tệp bị hỏng, không mở được."]) from exc
    if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
        raise CatalogueImportError(["Tệp bất thường: dung lượng sau giải nén quá lớn. Tệp đã bị từ chối."])
    for name in names:
        if name.endswith(".xml") and b"<!ENTITY" in archive.read(name)[:65536].upper():
            raise CatalogueImportError(["Tệp chứa khai báo thực thể XML (có thể là tệp độc hại). Tệp đã bị từ chối."])
    if "word/document.xml" in names:
        return parse_tables(_docx_tables(data), "docx")
    if "xl/workbook.xml" in names:
        return parse_tables(_xlsx_tables(data), "xlsx")
    raise CatalogueImportError([f"Định dạng tệp không được hỗ trợ. {SUPPORTED}"])


def _docx_tables(data: bytes) -> list[_Table]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise CatalogueImportError(["Tệp Word (.docx) bị hỏng, không đọc được."]) from exc
    tables = []
    recent: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells = []
                previous = None
                for cell in row.cells:
                    # A horizontally merged cell comes back once per grid column: keep it once, so that a
                    # merged group row reads as one text and a data row's columns stay where the header is.
                    cells.append(cell.text if cell._tc is not previous else "")
                    previous = cell._tc
                rows.append(cells)
            tables.append(_Table(rows, " ".join(recent[-3:]), f"Bảng {len(tables) + 1}"))
            recent = []
        else:
            text = _squash(block.text)
            if text:
                recent.append(text)
    return tables


def _xlsx_tables(data: bytes) -> list[_Table]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        raise CatalogueImportError(["Tệp Excel (.xlsx) bị hỏng, không đọc được."]) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                             for v in row])
                if len(rows) > 20000:
                    break
            # Rows above the header (the annex title) tell the status, like a heading above a DOCX table.
            heading = sheet.title
            for cells in rows[:8]:
                if header_columns(cells) is not None:
                    break
                heading += " " + " ".join(c for c in cells if c)
            tables.append(_Table(rows, heading, f"Trang tính “{sheet.title}”"))
    finally:
        workbook.close()
    return tables
