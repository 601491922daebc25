"""Correcting an imported plan before it is saved: edit a field, drop an item, move a line to the part it
belongs to (a recipient line to the signer, a duty to the closing, a content item to the channels).

Pure: documents in, documents out, errors in Vietnamese. The review screen keeps the draft in the session
and applies one change per form; nothing reaches the database until the officer confirms, and then the
draft goes through the same service as any import (``services.create_plan``).

A *line* is one movable piece of text, addressed as ``part:index`` or, for a unit's duty,
``responsibilities:unit:duty``. Besides the schema's list parts, two places hold lines: the closing
(``closing``: the paragraphs of the body's closing section, ``sections``) and the signer (``signer:slot``).
"""

from __future__ import annotations

import re

from tuyentruyen.lib.errors import UserError

from . import editing
from .document import copy_document
from .importer.numbering import split_label
from .importer.structure import (
    SIGN_DEPUTY_RE,
    SIGN_ON_BEHALF_RE,
    _is_caps,
    _recipient,
    _sign_text,
    channel_kinds,
)

TEXT_PARTS = ("purposes", "requirements", "audiences")
LABELLED_PARTS = ("topics", "channels")
SIGNER_SLOTS = {"on_behalf": "Thẩm quyền ký", "deputy": "Ký thay", "title": "Chức vụ", "name": "Họ tên"}
# Where a line may go, as the review screen's "Chuyển sang" list names them.
TARGETS = {
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "audiences": "Đối tượng tuyên truyền",
    "topics": "Nội dung tuyên truyền",
    "channels": "Hình thức tuyên truyền",
    "recipients": "Nơi nhận",
    "signer": "Người ký",
    "closing": "Câu kết thúc văn bản",
}
EXTRA_PARTS = {"closing": "Câu kết thúc văn bản", "unplaced": "Đoạn chưa xếp"}
STALE = "Mục này không còn ở chỗ cũ (bản xem lại vừa thay đổi). Hãy xem lại trang rồi làm lại."


class ReviewError(UserError):
    """A change the review screen cannot make; ``message`` is shown as it is."""


# --- the closing section -----------------------------------------------------------------------------


def _is_plain(section: dict) -> bool:
    return not section.get("label") and not section.get("heading") and not section.get("children")


def closing_index(doc: dict) -> int | None:
    """The body's closing section: the last plain top-level section after the first headed one."""
    sections = doc.get("sections") or []
    first_headed = next((i for i, s in enumerate(sections) if not _is_plain(s)), None)
    if first_headed is None:
        return None
    for index in range(len(sections) - 1, first_headed, -1):
        if _is_plain(sections[index]):
            return index
    return None


def closing_lines(doc: dict) -> list[str]:
    index = closing_index(doc)
    return list(doc["sections"][index]["paragraphs"]) if index is not None else []


def _closing_section(doc: dict) -> dict:
    """The closing section, made after the body's last headed section (before an annex) when there is none."""
    index = closing_index(doc)
    if index is not None:
        return doc["sections"][index]
    sections = doc.setdefault("sections", [])
    section = {"label": None, "heading": None, "paragraphs": [], "children": []}
    annex_at = next((i for i, s in enumerate(sections)
                     if (s.get("heading") or "").strip().upper().startswith(("DANH MỤC", "PHỤ LỤC"))), len(sections))
    sections.insert(annex_at, section)
    return section


# --- lines -------------------------------------------------------------------------------------------


def _address(source: str) -> tuple[str, list[int | str]]:
    part, *rest = (source or "").split(":")
    keys: list[int | str] = [int(r) if r.isdigit() else r for r in rest]
    return part, keys


def line_text(doc: dict, source: str) -> str:
    part, keys = _address(source)
    try:
        if part in TEXT_PARTS or part == "unplaced":
            return doc[part][keys[0]]
        if part in LABELLED_PARTS:
            return doc[part][keys[0]]["text"]
        if part == "responsibilities":
            return doc[part][keys[0]]["duties"][keys[1]]
        if part == "recipients":
            r = doc[part][keys[0]]
            return f"{r['name']} ({r['purpose']})" if r.get("purpose") else r["name"]
        if part == "closing":
            return closing_lines(doc)[keys[0]]
        if part == "signer":
            value = (doc.get("signer") or {})[keys[0]]
            if value:
                return value
    except (IndexError, KeyError, TypeError):
        pass
    raise ReviewError(STALE)


def _take(doc: dict, source: str) -> tuple[str, str | None]:
    """Remove a line; returns its text and its label (topics, channels)."""
    text = line_text(doc, source)
    part, keys = _address(source)
    label = None
    if part in TEXT_PARTS or part in ("unplaced", "recipients"):
        del doc[part][keys[0]]
    elif part in LABELLED_PARTS:
        label = doc[part].pop(keys[0]).get("label")
    elif part == "responsibilities":
        del doc[part][keys[0]]["duties"][keys[1]]
        if not doc[part][keys[0]]["duties"]:
            del doc[part][keys[0]]  # a unit with no duty left is not a responsibility
    elif part == "closing":
        del _closing_section(doc)["paragraphs"][keys[0]]
    elif part == "signer":
        doc["signer"][keys[0]] = None
        if not any(doc["signer"].values()):
            doc["signer"] = None
    return text, label


VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def next_label(labels: list[str | None], fallback: str | None) -> str | None:
    """The label an item takes at the end of a list: after "c" comes "d", after "2.3" "2.4"; an unlabelled
    list stays unlabelled."""
    if not labels:
        return fallback
    last = labels[-1]
    if last is None:
        return None
    if last in VIETNAMESE_LETTERS and last != VIETNAMESE_LETTERS[-1]:
        return VIETNAMESE_LETTERS[VIETNAMESE_LETTERS.index(last) + 1]
    head, _, tail = last.rpartition(".")
    if tail.isdigit():
        return f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)
    return None


def signer_slot(text: str) -> str:
    """Which line of the signature block a moved line is: TM. …, KT. …, a title in capitals, or the name."""
    if SIGN_ON_BEHALF_RE.match(text):
        return "on_behalf"
    if SIGN_DEPUTY_RE.match(text):
        return "deputy"
    if _is_caps(text):
        return "title"
    return "name"


def _put(doc: dict, target: str, text: str, label: str | None) -> None:
    part, keys = _address(target)
    text = " ".join(text.split())
    if part in TEXT_PARTS:
        doc[part].append(re.sub(r"^[-+•]\s*", "", text))
    elif part in LABELLED_PARTS:
        own = split_label(text)  # "- Đăng tin …", "b) Đăng tin …": the mark is the list's, not the text's
        if own is not None and own.kind in ("dash", "plus", "bullet", "letter", "arabic", "decimal2", "decimal3"):
            text, label = own.text, label or own.label
        item = {"label": next_label([i.get("label") for i in doc[part]], label), "text": text}
        if part == "channels":
            item["kinds"] = channel_kinds(text)
        doc[part].append(item)
    elif part == "responsibilities":
        doc[part][keys[0]]["duties"].append(re.sub(r"^[-+•]\s*", "", text))
    elif part == "recipients":
        doc[part].append(_recipient(re.sub(r"^[-+•]\s*", "", text)))
    elif part == "closing":
        _closing_section(doc)["paragraphs"].append(text)
    elif part == "signer":
        signer = doc.get("signer") or dict.fromkeys(SIGNER_SLOTS)
        slot = signer_slot(text)
        if signer.get(slot):
            doc["unplaced"].append(signer[slot])  # what was there is kept, not lost
        signer[slot] = _sign_text(text.strip("*").strip()) if slot != "name" else text
        doc["signer"] = signer
    else:
        raise ReviewError("Không có phần này để chuyển tới.")


def move_line(document: dict, source: str, target: str) -> dict:
    """Move one line from where the importer put it to ``target``; returns a new document."""
    doc = copy_document(document)
    part, keys = _address(target)
    if part not in TARGETS and not (part == "responsibilities" and keys and isinstance(keys[0], int)
                                    and keys[0] < len(doc.get("responsibilities", []))):
        raise ReviewError("Hãy chọn phần muốn chuyển tới.")
    if source.split(":")[0] == part and part != "responsibilities":
        raise ReviewError("Dòng này đã ở phần đó.")
    if part == "responsibilities" and source.startswith(f"responsibilities:{keys[0]}:"):
        raise ReviewError("Dòng này đã là nhiệm vụ của đơn vị đó.")
    unit = doc["responsibilities"][keys[0]] if part == "responsibilities" else None
    text, label = _take(doc, source)
    if unit is not None:  # the unit may have moved up when the source unit was emptied
        unit["duties"].append(re.sub(r"^[-+•]\s*", "", " ".join(text.split())))
    else:
        _put(doc, target, text, label)
    return doc


_LAST_SENTENCE_RE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ])")


def move_last_sentence(document: dict, source: str, target: str) -> dict:
    """Move only the line's last sentence ("… báo cáo định kỳ. Trên đây là Kế hoạch …/."), the rest staying
    where it is; a line of one sentence moves whole."""
    text = line_text(document, source)
    pieces = _LAST_SENTENCE_RE.split(text)
    if len(pieces) < 2:
        return move_line(document, source, target)
    rest, last = " ".join(pieces[:-1]), pieces[-1]
    doc = copy_document(document)
    part, keys = _address(source)
    if part in TEXT_PARTS or part == "unplaced":
        doc[part][keys[0]] = rest
    elif part in LABELLED_PARTS:
        doc[part][keys[0]]["text"] = rest
    elif part == "responsibilities":
        doc[part][keys[0]]["duties"][keys[1]] = rest
    elif part == "closing":
        _closing_section(doc)["paragraphs"][keys[0]] = rest
    else:
        return move_line(document, source, target)
    t_part, t_keys = _address(target)
    if t_part == "responsibilities" and t_keys and isinstance(t_keys[0], int) and t_keys[0] < len(doc[t_part]):
        doc[t_part][t_keys[0]]["duties"].append(last)
    elif t_part in TARGETS:
        _put(doc, target, last, None)
    else:
        raise ReviewError("Hãy chọn phần muốn chuyển tới.")
    return doc


def targets_for(doc: dict) -> list[tuple[str, str]]:
    """The "Chuyển sang" choices: the parts, then each unit's duties."""
    units = [(f"responsibilities:{i}", f"Nhiệm vụ của {r['unit']}") for i, r in enumerate(doc.get("responsibilities", []))]
    return list(TARGETS.items()) + units


# --- one change from the review screen ------------------------------------------------------------------


def apply_change(document: dict, data) -> tuple[dict | None, dict[str, str]]:
    """Apply the change one review form posts. Returns (new document, errors by field)."""
    action, part = data.get("action", ""), data.get("part", "")
    index = int(data["index"]) if str(data.get("index", "")).isdigit() else None
    if action == "header":
        return editing.apply_header(document, data)
    if action == "move":
        return move_line(document, data.get("source", ""), data.get("target", "")), {}
    if action == "move_last":
        return move_last_sentence(document, data.get("source", ""), data.get("target", "")), {}
    if action == "add" and part == "closing":
        text = " ".join(data.get("text", "").split())
        if not text:
            return None, {"text": "Hãy nhập câu kết thúc."}
        doc = copy_document(document)
        _closing_section(doc)["paragraphs"].append(text)
        return doc, {}
    if part in EXTRA_PARTS:
        doc = copy_document(document)
        lines = closing_lines(doc) if part == "closing" else doc["unplaced"]
        if index is None or index >= len(lines):
            raise ReviewError(STALE)
        if action == "delete":
            _take(doc, f"{part}:{index}")
            return doc, {}
        if action == "save" and part == "closing":
            text = " ".join(data.get("text", "").split())
            if not text:
                return None, {"text": "Hãy nhập câu kết thúc, hoặc bấm “Bỏ” để bỏ câu này."}
            _closing_section(doc)["paragraphs"][index] = text
            return doc, {}
        raise ReviewError("Thao tác này không dùng được ở đây.")
    if part not in editing.PARTS or action not in ("save", "delete", "up", "down", "add"):
        raise ReviewError("Thao tác này không dùng được ở đây.")
    item = None
    if action in ("save", "add"):
        item, errors = editing.item_from_form(part, data, document.get("period"))
        if errors:
            return None, errors
    try:
        return editing.apply_action(document, part, action, index, item), {}
    except IndexError as exc:
        raise ReviewError(STALE) from exc
