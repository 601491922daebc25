"""The PAR INDEX scheme as a tree the province edits: find, change, add and remove items, number the
scored leaves, and add up points under the caps. Pure: no Django (the rule language is in ``scoring.py``).

An item is ``{"code", "label", "max_points", "evidence", "rule"}``; an item whose rule is ``sum`` holds
sub-criteria in ``rule["items"]``, every other item is scored (a leaf).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

EDITABLE_RULES = ("completion_ratio", "has_activity_with_evidence", "manual")
RULE_LABELS = {
    "completion_ratio": "Tỷ lệ hoàn thành nhiệm vụ của kế hoạch",
    "has_activity_with_evidence": "Có hoạt động (theo hình thức) kèm minh chứng",
    "manual": "Chấm theo minh chứng xã nộp (không tính từ số liệu)",
    "sum": "Cộng điểm các tiêu chí con",
}


class TreeError(ValueError):
    """A refused change of the scheme; the message is Vietnamese."""


@dataclass(frozen=True)
class Leaf:
    number: str  # "2.1.1"
    code: str
    label: str
    path: str  # the labels of the criteria above it, " › "-joined
    max_points: float
    evidence: str
    rule: dict


def children(item: dict) -> list[dict]:
    rule = item.get("rule") or {}
    return rule.get("items", []) if rule.get("type") == "sum" else []


def walk(scheme: dict):
    """(number, depth, item, parents) for every item, in reading order."""
    def go(items, prefix, depth, parents):
        for index, item in enumerate(items, start=1):
            number = f"{prefix}{index}"
            yield number, depth, item, parents
            yield from go(children(item), f"{number}.", depth + 1, parents + [item])
    yield from go(scheme.get("items", []), "", 0, [])


def leaves(scheme: dict) -> list[Leaf]:
    return [Leaf(number, item.get("code", ""), item.get("label", ""),
                 " › ".join(p.get("label", "") for p in parents), max_points(item), item.get("evidence", ""),
                 item.get("rule") or {})
            for number, _, item, parents in walk(scheme) if not children(item)]


def max_points(item: dict) -> float:
    if "max_points" in item:
        return float(item["max_points"])
    rule = item.get("rule") or {}
    if rule.get("type") == "sum":
        return sum(max_points(child) for child in rule.get("items", []))
    return float(rule.get("points", 0))


def total(scheme: dict, points: dict[str, float | None]) -> float:
    """The scheme's total for the leaves' points (by code; a missing leaf counts 0), each level capped at
    its maximum, as the rule engine adds up."""
    def value(item):
        kids = children(item)
        got = sum(value(child) for child in kids) if kids else float(points.get(item.get("code", "")) or 0)
        return min(got, max_points(item))
    result = sum(value(item) for item in scheme.get("items", []))
    cap = scheme.get("max_points")
    return round(min(result, float(cap)) if cap is not None else result, 2)


def find(scheme: dict, code: str) -> tuple[dict, list[dict]]:
    """The item with ``code`` and the list holding it."""
    def go(items):
        for item in items:
            if item.get("code") == code:
                return item, items
            found = go(children(item))
            if found:
                return found
        return None
    found = go(scheme.get("items", []))
    if not found:
        raise TreeError("Không tìm thấy tiêu chí này trong bộ tiêu chí.")
    return found


def _codes(scheme: dict) -> set[str]:
    return {item.get("code", "") for _, _, item, _ in walk(scheme)}


def new_code(scheme: dict) -> str:
    taken = _codes(scheme)
    number = len(taken) + 1
    while f"tc{number}" in taken:
        number += 1
    return f"tc{number}"


def _number(text, label: str, *, low: float = 0, high: float = 1000) -> float:
    try:
        value = float(str(text).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise TreeError(f"{label} phải là một số (ví dụ 0,5).") from None
    if not low <= value <= high:
        raise TreeError(f"{label} phải từ {low:g} đến {high:g}.".replace(".", ","))
    return round(value, 2)


def _codes_list(text: str) -> list[str]:
    codes = [c for c in re.split(r"[\s,;]+", text or "") if c]
    if not codes:
        raise TreeError("Hãy ghi ít nhất một mã hình thức tuyên truyền (ví dụ: conference, radio).")
    if not all(re.fullmatch(r"[a-z0-9_\-]{1,60}", c) for c in codes):
        raise TreeError("Mã hình thức chỉ gồm chữ thường không dấu, số, gạch dưới (ví dụ: news_article).")
    return codes


def item_from_form(values: dict, *, has_children: bool) -> dict:
    """The fields of an item as the editor's form sends them, checked; the rule only for a leaf."""
    label = (values.get("label") or "").strip()
    if not label:
        raise TreeError("Hãy ghi tên tiêu chí.")
    if len(label) > 500:
        raise TreeError("Tên tiêu chí dài quá 500 ký tự.")
    points = _number(values.get("max_points"), "Điểm tối đa")
    fields = {"label": label, "max_points": points, "evidence": (values.get("evidence") or "").strip()[:2000]}
    if has_children:
        return fields
    kind = values.get("rule_type") or "manual"
    if kind not in EDITABLE_RULES:
        raise TreeError("Cách chấm không hợp lệ.")
    if kind == "completion_ratio":
        full_at = _number(values.get("full_at") or "100", "Tỷ lệ đạt tối đa", high=100) / 100
        min_ratio = _number(values.get("min_ratio") or "90", "Tỷ lệ tối thiểu", high=100) / 100
        if min_ratio > full_at:
            raise TreeError("Tỷ lệ tối thiểu không được lớn hơn tỷ lệ đạt tối đa.")
        rule = {"type": kind, "points": points, "full_at": full_at, "min_ratio": min_ratio, "below": 0}
    elif kind == "has_activity_with_evidence":
        rule = {"type": kind, "kinds": _codes_list(values.get("kinds", "")), "points": points}
    else:
        rule = {"type": "manual", "points": points}
    return {**fields, "rule": rule}


def update_item(scheme: dict, code: str, values: dict) -> dict:
    """A copy of the scheme with the item's fields replaced."""
    scheme = copy.deepcopy(scheme)
    item, _ = find(scheme, code)
    kids = children(item)
    fields = item_from_form(values, has_children=bool(kids))
    item.update(fields)
    return scheme


def add_item(scheme: dict, parent_code: str | None, values: dict) -> tuple[dict, str]:
    """A copy with a new criterion under ``parent_code`` (top level when empty). A scored parent becomes
    the sum of its sub-criteria (its own rule is dropped)."""
    scheme = copy.deepcopy(scheme)
    code = new_code(scheme)
    item = {"code": code, **item_from_form(values, has_children=False)}
    if not parent_code:
        scheme.setdefault("items", []).append(item)
        return scheme, code
    parent, _ = find(scheme, parent_code)
    if children(parent):
        parent["rule"]["items"].append(item)
    else:
        parent["rule"] = {"type": "sum", "items": [item]}
    return scheme, code


def remove_item(scheme: dict, code: str) -> dict:
    scheme = copy.deepcopy(scheme)
    _, siblings = find(scheme, code)
    if siblings is scheme.get("items") and len(siblings) == 1:
        raise TreeError("Bộ tiêu chí cần ít nhất một tiêu chí.")
    siblings[:] = [item for item in siblings if item.get("code") != code]
    # a sum left without sub-criteria becomes a criterion scored on evidence
    for _, _, item, _ in list(walk(scheme)):
        rule = item.get("rule") or {}
        if rule.get("type") == "sum" and not rule.get("items"):
            item["rule"] = {"type": "manual", "points": max_points(item)}
    return scheme
