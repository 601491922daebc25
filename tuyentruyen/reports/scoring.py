"""PAR INDEX self-assessment: a small JSON rule language and its pure engine. No Django.

A scheme is data (a province may publish its own, see ``models.ScoringScheme``)::

    {"code": "...", "name": "...", "criterion": "Thực hiện tuyên truyền về CCHC", "items": [ITEM, ...]}
    ITEM = {"code": "...", "label": "...", "max_points": 1, "rule": RULE}

Rules:

- ``{"type": "completion_ratio", "points": 1, "full_at": 1.0, "min_ratio": 0.9, "below": 0}``:
  done / planned of the plan's targets; at or above ``full_at`` gives ``points``, from ``min_ratio``
  up to it gives ratio × points, under ``min_ratio`` gives ``below``. No planned target gives 0: there
  is nothing to prove.
- ``{"type": "has_activity_with_evidence", "kinds": [...], "channels": [...], "points": 0.25}``: the
  points when at least one recorded activity of one of these kind (or channel) codes carries evidence.
- ``{"type": "sum", "items": [ITEM, ...]}``: the sum of the sub-items, capped at the item's ``max_points``.
- ``{"type": "manual", "points": 1}``: nothing recorded can prove it; the commune scores it on the evidence
  it attaches and the province appraises it (the engine gives 0 and says so).

An item may carry ``"evidence": "..."``: the evidence the province requires for it (shown to the commune).

The facts the engine reads (built from the database by ``figures.scoring_facts``)::

    {"targets": {"planned": 10, "done": 9},
     "activities": {"<kind or channel code>": {"count": 3, "with_evidence": 2,
                                             "examples": [{"title": "...", "url": "...", "date": "..."}]}}}
"""

from __future__ import annotations

from dataclasses import dataclass, field

RULE_TYPES = ("completion_ratio", "has_activity_with_evidence", "sum", "manual")


@dataclass
class ItemResult:
    code: str
    label: str
    points: float
    max_points: float
    explanation: str
    evidence: list[dict] = field(default_factory=list)  # [{"title", "url", "date"}]
    children: list[ItemResult] = field(default_factory=list)

    @property
    def lost(self) -> float:
        return round(self.max_points - self.points, 2)

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "points": self.points, "max_points": self.max_points,
                "lost": self.lost, "explanation": self.explanation, "evidence": self.evidence,
                "children": [child.as_dict() for child in self.children]}


@dataclass
class ScoreResult:
    scheme_name: str
    criterion: str
    points: float
    max_points: float
    items: list[ItemResult]

    def as_dict(self) -> dict:
        return {"scheme_name": self.scheme_name, "criterion": self.criterion, "points": self.points,
                "max_points": self.max_points, "items": [item.as_dict() for item in self.items]}

    def flat(self) -> list[tuple[int, ItemResult]]:
        """(depth, item) in reading order, for tables."""
        out: list[tuple[int, ItemResult]] = []

        def walk(items, depth):
            for item in items:
                out.append((depth, item))
                walk(item.children, depth + 1)

        walk(self.items, 0)
        return out


def _fmt(value: float) -> str:
    """Points as Vietnamese write them: 0,25; 1."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _rule_max(item: dict) -> float:
    rule = item.get("rule") or {}
    if "max_points" in item:
        return float(item["max_points"])
    if rule.get("type") == "sum":
        return sum(_rule_max(child) for child in rule.get("items", []))
    return float(rule.get("points", 0))


def _completion(rule: dict, facts: dict) -> tuple[float, str, list[dict]]:
    targets = facts.get("targets") or {}
    planned, done = int(targets.get("planned") or 0), int(targets.get("done") or 0)
    points = float(rule.get("points", 1))
    full_at, min_ratio = float(rule.get("full_at", 1.0)), float(rule.get("min_ratio", 0.9))
    below = float(rule.get("below", 0))
    evidence = list(targets.get("examples") or [])
    if planned <= 0:
        return 0.0, "Kế hoạch chưa có nhiệm vụ nào đến hạn trong kỳ nên chưa tính được tỷ lệ hoàn thành.", evidence
    ratio = min(done / planned, 1.0)
    percent = f"{ratio * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    said = f"Hoàn thành {done}/{planned} nhiệm vụ ({percent}%)"
    if ratio >= full_at:
        return points, f"{said}: đạt tối đa.", evidence
    if ratio >= min_ratio:
        got = round(ratio * points, 2)
        return got, f"{said}: từ {_fmt(min_ratio * 100)}% đến dưới {_fmt(full_at * 100)}% được tỷ lệ × {_fmt(points)} điểm.", evidence
    return below, f"{said}: dưới {_fmt(min_ratio * 100)}% nên không được điểm.", evidence


def _has_activity(rule: dict, facts: dict) -> tuple[float, str, list[dict]]:
    activities = facts.get("activities") or {}
    codes = list(rule.get("kinds", [])) + list(rule.get("channels", []))
    count = with_evidence = 0
    evidence: list[dict] = []
    for code in codes:
        entry = activities.get(code) or {}
        count += int(entry.get("count") or 0)
        with_evidence += int(entry.get("with_evidence") or 0)
        evidence.extend(entry.get("examples") or [])
    points = float(rule.get("points", 0))
    if with_evidence:
        return points, f"Có {with_evidence} hoạt động kèm minh chứng.", evidence[:5]
    if count:
        return 0.0, f"Có {count} hoạt động nhưng chưa hoạt động nào kèm minh chứng (tệp hoặc đường dẫn).", []
    return 0.0, "Chưa ghi nhận hoạt động nào thuộc hình thức này.", []


def _evaluate(item: dict, facts: dict) -> ItemResult:
    rule = item.get("rule") or {}
    kind = rule.get("type")
    max_points = _rule_max(item)
    code, label = item.get("code", ""), item.get("label", "")
    if kind == "completion_ratio":
        points, text, evidence = _completion(rule, facts)
        return ItemResult(code, label, min(points, max_points), max_points, text, evidence)
    if kind == "has_activity_with_evidence":
        points, text, evidence = _has_activity(rule, facts)
        return ItemResult(code, label, min(points, max_points), max_points, text, evidence)
    if kind == "manual":
        return ItemResult(code, label, 0.0, max_points, "Tiêu chí chấm theo minh chứng xã nộp khi tự chấm; "
                                                        "số liệu ghi nhận không tự tính được.")
    if kind == "sum":
        children = [_evaluate(child, facts) for child in rule.get("items", [])]
        points = round(min(sum(c.points for c in children), max_points), 2)
        text = "Đạt tối đa." if points >= max_points else f"Mất {_fmt(max_points - points)} điểm ở các mục dưới đây."
        return ItemResult(code, label, points, max_points, text, children=children)
    raise ValueError(f"unknown rule type {kind!r}")


def score(scheme: dict, facts: dict) -> ScoreResult:
    """Evaluate a (valid) scheme over the facts."""
    items = [_evaluate(item, facts) for item in scheme.get("items", [])]
    total = round(sum(item.points for item in items), 2)
    maximum = float(scheme.get("max_points") or sum(item.max_points for item in items))
    return ScoreResult(scheme.get("name", ""), scheme.get("criterion", ""), min(total, maximum), maximum, items)


def validation_errors(scheme) -> list[str]:
    """What is wrong with a scheme, in Vietnamese (empty when it can be evaluated)."""
    errors: list[str] = []
    if not isinstance(scheme, dict):
        return ["Bộ tiêu chí phải là một đối tượng JSON."]
    if not scheme.get("name"):
        errors.append("Thiếu tên bộ tiêu chí (name).")
    if not isinstance(scheme.get("items"), list) or not scheme["items"]:
        errors.append("Bộ tiêu chí cần ít nhất một mục (items).")
        return errors

    def check(item, where):
        if not isinstance(item, dict):
            errors.append(f"{where}: mục phải là đối tượng JSON.")
            return
        if not item.get("label"):
            errors.append(f"{where}: thiếu tên mục (label).")
        rule = item.get("rule")
        if not isinstance(rule, dict) or rule.get("type") not in RULE_TYPES:
            errors.append(f"{where}: quy tắc (rule.type) phải là một trong {', '.join(RULE_TYPES)}.")
            return
        for key in ("points", "max_points", "full_at", "min_ratio", "below"):
            value = rule.get(key, item.get(key) if key == "max_points" else None)
            if value is not None and (not isinstance(value, int | float) or isinstance(value, bool) or value < 0):
                errors.append(f"{where}: {key} phải là số không âm.")
        if item.get("evidence") is not None and not isinstance(item.get("evidence"), str):
            errors.append(f"{where}: minh chứng cần có (evidence) phải là văn bản.")
        if rule["type"] == "has_activity_with_evidence":
            codes = list(rule.get("kinds", [])) + list(rule.get("channels", []))
            if not codes or not all(isinstance(c, str) and c for c in codes):
                errors.append(f"{where}: cần danh sách mã hình thức (kinds hoặc channels).")
        if rule["type"] == "sum":
            children = rule.get("items")
            if not isinstance(children, list) or not children:
                errors.append(f"{where}: quy tắc sum cần danh sách mục con (items).")
                return
            for index, child in enumerate(children, start=1):
                check(child, f"{where}.{index}")

    for index, item in enumerate(scheme["items"], start=1):
        check(item, f"Mục {index}")
    return errors
