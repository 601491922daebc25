"""Editing a plan document part by part: what each list part's items hold, reading an item from a
submitted form, and applying add / save / move / delete. Pure: documents in, documents out."""

from dataclasses import dataclass

from .document import citation_key, copy_document
from .importer.citations import find_citations
from .importer.structure import channel_kinds
from .importer.timeframes import parse_timeframe


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    widget: str = "text"  # text, textarea, lines (one value per line)
    required: bool = False
    help: str = ""


PARTS: dict[str, tuple[str, list[Field]]] = {
    "legal_bases": ("Căn cứ", [
        Field("citation", "Văn bản được viện dẫn", "textarea", True,
              "Gõ như trong văn bản, ví dụ: Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về …"),
    ]),
    "purposes": ("Mục đích", [Field("text", "Nội dung", "textarea", True)]),
    "requirements": ("Yêu cầu", [Field("text", "Nội dung", "textarea", True)]),
    "audiences": ("Đối tượng tuyên truyền", [Field("text", "Đối tượng", "textarea", True)]),
    "topics": ("Nội dung tuyên truyền", [
        Field("label", "Số thứ tự", help="Ví dụ: 1, a, 2.1; để trống nếu là gạch đầu dòng"),
        Field("text", "Nội dung", "textarea", True),
    ]),
    "channels": ("Hình thức tuyên truyền", [
        Field("label", "Số thứ tự", help="Ví dụ: 1, a, 2.1; để trống nếu là gạch đầu dòng"),
        Field("text", "Hình thức", "textarea", True),
    ]),
    "responsibilities": ("Trách nhiệm các đơn vị", [
        Field("unit", "Đơn vị", required=True),
        Field("duties", "Nhiệm vụ", "lines", True, "Mỗi dòng một nhiệm vụ."),
    ]),
    "tasks": ("Danh mục nhiệm vụ", [
        Field("group", "Nhóm nhiệm vụ", help="Ví dụ: Cải cách thủ tục hành chính"),
        Field("title", "Nội dung công việc", "textarea", True),
        Field("lead", "Cơ quan chủ trì", "lines", help="Mỗi dòng một cơ quan."),
        Field("coordinating", "Cơ quan phối hợp", "lines", help="Mỗi dòng một cơ quan."),
        Field("timeframe", "Thời gian thực hiện",
              help="Ví dụ: Thường xuyên; Hàng quý; Quý III/2026; Trước ngày 05/12/2026"),
        Field("deliverable", "Sản phẩm"),
    ]),
    "recipients": ("Nơi nhận", [
        Field("name", "Nơi nhận", required=True),
        Field("purpose", "Mục đích", help="Ví dụ: b/c; thực hiện; để trống nếu không ghi"),
    ]),
}


def _clean(value: str) -> str:
    return " ".join((value or "").split())


def _lines(value: str) -> list[str]:
    return [_clean(line) for line in (value or "").splitlines() if _clean(line)]


def parse_citation(text: str) -> dict | None:
    found = find_citations(_clean(text))
    return found[0] if found else None


def item_values(part: str, item) -> dict[str, str]:
    """The form values that show an existing item."""
    if part == "legal_bases":
        from .present import citation_text

        return {"citation": citation_text(item)}
    if part in ("purposes", "requirements", "audiences"):
        return {"text": item}
    if part in ("topics", "channels"):
        return {"label": item.get("label") or "", "text": item["text"]}
    if part == "responsibilities":
        return {"unit": item["unit"], "duties": "\n".join(item["duties"])}
    if part == "tasks":
        return {"group": item.get("group") or "", "title": item["title"], "lead": "\n".join(item["lead"]),
                "coordinating": "\n".join(item["coordinating"]), "timeframe": item["timeframe"]["text"],
                "deliverable": item.get("deliverable") or ""}
    if part == "recipients":
        return {"name": item["name"], "purpose": item.get("purpose") or ""}
    raise KeyError(part)


def item_from_form(part: str, data, period: dict | None) -> tuple[object, dict[str, str]]:
    """Read one item from submitted values. Returns (item, errors by field), messages in Vietnamese."""
    _, fields = PARTS[part]
    errors = {}
    for field in fields:
        raw = data.get(field.name, "")
        if field.required and not (_lines(raw) if field.widget == "lines" else _clean(raw)):
            errors[field.name] = f"Hãy nhập “{field.label.lower()}”."
    if errors:
        return None, errors
    if part == "legal_bases":
        citation = parse_citation(data.get("citation", ""))
        if citation is None:
            return None, {"citation": "Chưa nhận ra văn bản: cần có loại văn bản (Nghị quyết, Quyết định, …) "
                                      "và số, ký hiệu (ví dụ 76/NQ-CP)."}
        return citation, {}
    if part in ("purposes", "requirements", "audiences"):
        return _clean(data["text"]), {}
    if part in ("topics", "channels"):
        item = {"label": _clean(data.get("label", "")).rstrip(".)") or None, "text": _clean(data["text"])}
        if part == "channels":
            item["kinds"] = channel_kinds(item["text"])
        return item, {}
    if part == "responsibilities":
        return {"unit": _clean(data["unit"]), "duties": _lines(data["duties"])}, {}
    if part == "tasks":
        period = period or {}
        return {
            "no": None, "group": _clean(data.get("group", "")) or None, "title": _clean(data["title"]),
            "lead": _lines(data.get("lead", "")), "coordinating": _lines(data.get("coordinating", "")),
            "timeframe": parse_timeframe(_clean(data.get("timeframe", "")), period.get("start"), period.get("end")),
            "deliverable": _clean(data.get("deliverable", "")) or None,
        }, {}
    if part == "recipients":
        return {"name": _clean(data["name"]), "purpose": _clean(data.get("purpose", "")) or None}, {}
    raise KeyError(part)


def _renumber_tasks(tasks: list[dict]) -> None:
    for number, task in enumerate(tasks, start=1):
        task["no"] = number


def _sync_references(doc: dict) -> None:
    """Every legal basis is also a reference (the schema says so); keep first-mention order."""
    keys = {citation_key(c) for c in doc["references"]}
    missing = [c for c in doc["legal_bases"] if citation_key(c) not in keys]
    doc["references"] = missing + doc["references"]


def apply_action(document: dict, part: str, action: str, index: int | None, item=None) -> dict:
    """add / save / up / down / delete on a list part; returns a new document."""
    doc = copy_document(document)
    items = doc[part]
    if action != "add" and (index is None or not 0 <= index < len(items)):
        raise IndexError("Mục này không còn trong kế hoạch (có thể vừa bị xóa). Hãy tải lại trang.")
    if action == "add":
        items.append(item)
    elif action == "save":
        items[index] = item
    elif action == "delete":
        del items[index]
    elif action in ("up", "down"):
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
    else:
        raise ValueError(action)
    if part == "tasks":
        _renumber_tasks(items)
    if part == "legal_bases":
        _sync_references(doc)
    return doc


HEADER_FIELDS = [
    Field("issuer", "Cơ quan ban hành", required=True),
    Field("number", "Số", help="Để trống khi chưa có số"),
    Field("symbol", "Ký hiệu", help="Ví dụ: KH-UBND"),
    Field("place", "Địa danh"),
    Field("date", "Ngày ban hành", "date"),
    Field("title", "Trích yếu", "textarea", True),
    Field("period_label", "Kỳ kế hoạch", help="Ví dụ: năm 2026; 6 tháng đầu năm 2026"),
    Field("period_start", "Từ ngày", "date"),
    Field("period_end", "Đến ngày", "date"),
    Field("budget", "Kinh phí", "textarea"),
    Field("signer_on_behalf", "Thẩm quyền ký", help="Ví dụ: TM. ỦY BAN NHÂN DÂN"),
    Field("signer_deputy", "Ký thay", help="Ví dụ: KT. CHỦ TỊCH"),
    Field("signer_title", "Chức vụ người ký", help="Ví dụ: PHÓ CHỦ TỊCH"),
    Field("signer_name", "Họ tên người ký"),
]


def header_values(doc: dict) -> dict[str, str]:
    period, signer = doc.get("period") or {}, doc.get("signer") or {}
    return {
        "issuer": doc.get("issuer") or "", "number": doc.get("number") or "", "symbol": doc.get("symbol") or "",
        "place": doc.get("place") or "", "date": doc.get("date") or "", "title": doc.get("title") or "",
        "period_label": period.get("label", ""), "period_start": period.get("start", ""),
        "period_end": period.get("end", ""), "budget": doc.get("budget") or "",
        "signer_on_behalf": signer.get("on_behalf") or "", "signer_deputy": signer.get("deputy") or "",
        "signer_title": signer.get("title") or "", "signer_name": signer.get("name") or "",
    }


def _iso_or_error(value: str, label: str, errors: dict, name: str) -> str | None:
    from datetime import date, datetime

    value = _clean(value)
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    errors[name] = f"“{label}” phải là ngày dạng ngày/tháng/năm, ví dụ {date.today():%d/%m/%Y}."
    return None


def apply_header(document: dict, data) -> tuple[dict | None, dict[str, str]]:
    errors: dict[str, str] = {}
    for field in HEADER_FIELDS:
        if field.required and not _clean(data.get(field.name, "")):
            errors[field.name] = f"Hãy nhập “{field.label.lower()}”."
    when = _iso_or_error(data.get("date", ""), "Ngày ban hành", errors, "date")
    start = _iso_or_error(data.get("period_start", ""), "Từ ngày", errors, "period_start")
    end = _iso_or_error(data.get("period_end", ""), "Đến ngày", errors, "period_end")
    label = _clean(data.get("period_label", ""))
    if (start or end or label) and not (start and end and label):
        errors.setdefault("period_label", "Kỳ kế hoạch cần đủ tên kỳ, từ ngày và đến ngày.")
    if start and end and start > end:
        errors["period_end"] = "“Đến ngày” phải sau “Từ ngày”."
    if errors:
        return None, errors
    doc = copy_document(document)
    signer = {k: _clean(data.get(f"signer_{k}", "")) or None for k in ("on_behalf", "deputy", "title", "name")}
    doc.update({
        "issuer": _clean(data["issuer"]), "number": _clean(data.get("number", "")) or None,
        "symbol": _clean(data.get("symbol", "")) or None, "place": _clean(data.get("place", "")) or None,
        "date": when, "title": _clean(data["title"]),
        "period": {"label": label, "start": start, "end": end} if start else None,
        "budget": _clean(data.get("budget", "")) or None,
        "signer": signer if any(signer.values()) else None,
    })
    return doc, {}
