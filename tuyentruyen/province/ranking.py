"""The emulation ranking (xếp hạng thi đua) of a province's communes, and the overview's search and sort.

Pure: no Django. Communes are ranked by the appraised score, then by the self-score; a commune with no
appraised score comes after every appraised one (an unappraised self-score cannot outrank an appraisal).
Communes equal on both share a rank ("đồng hạng"), and every rank says why it sits where it does.
"""

from __future__ import annotations

from tuyentruyen.lib.text import fold


def matches(name: str, query: str) -> bool:
    """Every word of the query appears in the name, diacritics and case ignored."""
    folded = fold(name)
    return all(word in folded for word in fold(query).split())


def _n(value: float | None) -> str:
    if value is None:
        return "chưa có"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _key(row: dict) -> tuple:
    appraised, own = row.get("appraised_score"), row.get("self_score")
    return (appraised is None, -(appraised or 0), own is None, -(own or 0))


def rank(rows: list[dict]) -> list[dict]:
    """Rows sorted for the ranking, each with ``rank`` (shared when tied) and ``reason``."""
    ordered = sorted(rows, key=lambda r: (_key(r), fold(r["name"])))
    out: list[dict] = []
    for index, row in enumerate(ordered):
        previous = out[-1] if out else None
        tied = previous is not None and _key(previous) == _key(row)
        entry = {**row, "rank": previous["rank"] if tied else index + 1}
        entry["reason"] = _reason(entry, previous, tied)
        if tied and previous is not None:
            previous["tied"] = True
            if not previous["reason"].startswith("Đồng hạng"):
                previous["reason"] = _tie_reason(previous)
        entry["tied"] = tied
        out.append(entry)
    return out


def _tie_reason(row: dict) -> str:
    return (f"Đồng hạng: cùng điểm thẩm định ({_n(row.get('appraised_score'))}) và cùng điểm tự chấm "
            f"({_n(row.get('self_score'))}).")


def _reason(row: dict, previous: dict | None, tied: bool) -> str:
    appraised, own = row.get("appraised_score"), row.get("self_score")
    if tied:
        return _tie_reason(row)
    if appraised is None and own is None:
        return "Chưa có điểm tự chấm và điểm thẩm định: xếp cuối."
    if previous is None:
        if appraised is None:
            return f"Chưa có xã nào được thẩm định; xếp theo điểm tự chấm ({_n(own)})."
        return f"Điểm thẩm định cao nhất ({_n(appraised)})."
    if appraised is None:
        if previous.get("appraised_score") is not None:
            return f"Chưa được thẩm định: xếp sau các xã đã thẩm định, theo điểm tự chấm ({_n(own)})."
        return f"Chưa được thẩm định; điểm tự chấm {_n(own)} thấp hơn xã xếp trên ({_n(previous.get('self_score'))})."
    if appraised == previous.get("appraised_score"):
        return (f"Cùng điểm thẩm định {_n(appraised)} với xã xếp trên; điểm tự chấm thấp hơn "
                f"({_n(own)} so với {_n(previous.get('self_score'))}).")
    return f"Điểm thẩm định {_n(appraised)}, thấp hơn xã xếp trên ({_n(previous.get('appraised_score'))})."


SORTS = {
    # query value: (label, key over a row, descending first)
    "ten": ("Tên xã", lambda r: fold(r["name"]), False),
    "hoat-dong": ("Số hoạt động", lambda r: r["activities"], True),
    "noi-dung": ("Nội dung đã tuyên truyền", lambda r: r["topics_covered"], True),
    "qua-han": ("Nhiệm vụ quá hạn", lambda r: r["tasks_overdue"], True),
    "tu-cham": ("Điểm tự chấm", lambda r: (r["self_score"] is not None, r["self_score"] or 0), True),
    "tham-dinh": ("Điểm thẩm định", lambda r: (r["appraised_score"] is not None, r["appraised_score"] or 0), True),
    "gan-nhat": ("Hoạt động gần nhất", lambda r: (r["last_activity"] is not None, r["last_activity"] or ""), True),
}
FILTERS = {"tre-han": "Chỉ xã gửi báo cáo trễ hoặc chưa gửi", "chua-co-ke-hoach": "Chỉ xã chưa ban hành kế hoạch"}


def select(rows: list[dict], query: str = "", only: str = "", sort: str = "ten") -> list[dict]:
    """The rows the overview shows: searched, filtered and sorted (unknown values fall back quietly)."""
    if query:
        rows = [r for r in rows if matches(r["name"], query)]
    if only == "tre-han":
        rows = [r for r in rows if r["late"]]
    elif only == "chua-co-ke-hoach":
        rows = [r for r in rows if not r["plan"]["issued"]]
    _label, key, descending = SORTS.get(sort, SORTS["ten"])
    by_name = sorted(rows, key=lambda r: fold(r["name"]))
    return sorted(by_name, key=key, reverse=descending)  # stable: equal keys stay in name order
