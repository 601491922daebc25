"""Who carries out each part of a plan: the owners named in its responsibilities and in the lead column
of its task catalogue, resolved to the commune's units (pure; no Django).

``unit_links`` (on a revision) holds the automatic matches by position (``responsibilities``: one unit id
or None per responsibility; ``tasks``: ``{"lead": [...], "coordinating": [...]}`` per row) and the
officer's choices by name (``owners``: ``{name: unit id | "all"}``). A name such as "Các phòng chuyên
môn, các cơ quan đơn vị có liên quan" matches no unit: until the officer maps it to a unit or marks it
for every unit (``ALL_UNITS``), the plan cannot be issued, since its tasks would have nobody behind them.
"""

from __future__ import annotations

ALL_UNITS = "all"
ALL_UNITS_LABEL = "Tất cả đơn vị"


def owner_key(name: str) -> str:
    return " ".join((name or "").split())


def _at(values, index):
    return values[index] if isinstance(values, list) and index < len(values) else None


def owner_slots(document: dict, links: dict):
    """Every place an owner is named, as ``(name, automatic unit id or None)``, in document order:
    responsibilities first, then each catalogue row's leads."""
    responsibility_links = (links or {}).get("responsibilities") or []
    for index, responsibility in enumerate(document.get("responsibilities") or []):
        yield responsibility.get("unit") or "", _at(responsibility_links, index)
    task_links = (links or {}).get("tasks") or []
    for index, row in enumerate(document.get("tasks") or []):
        leads = (_at(task_links, index) or {}).get("lead") or []
        for position, name in enumerate(row.get("lead") or []):
            yield name or "", _at(leads, position)


def resolve_owner(name: str, automatic, owners: dict):
    """The unit id for an owner, ``ALL_UNITS``, or None: the officer's choice by name wins over the
    automatic match (a choice is made where the match was wrong or missing)."""
    chosen = (owners or {}).get(owner_key(name))
    if chosen == ALL_UNITS or isinstance(chosen, int):
        return chosen
    return automatic


def unmapped_owners(document: dict, links: dict) -> list[str]:
    """Owners' names that resolve to no unit, once each, in document order. Blank names are not owners."""
    owners = (links or {}).get("owners") or {}
    seen, names = set(), []
    for name, automatic in owner_slots(document, links):
        key = owner_key(name)
        if key and key not in seen and resolve_owner(key, automatic, owners) is None:
            seen.add(key)
            names.append(key)
    return names


def mapped_owners(document: dict, links: dict) -> list[tuple[str, object]]:
    """The officer's choices that still name an owner of the document, as ``(name, unit id | ALL_UNITS)``."""
    owners = (links or {}).get("owners") or {}
    present = {owner_key(name) for name, _ in owner_slots(document, links)}
    return [(name, value) for name, value in owners.items() if name in present]
