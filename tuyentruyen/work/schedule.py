"""The periods of a recurring task (pure; no Django).

``Hàng quý`` over the second half of 2025 gives Quý III/2025 and Quý IV/2025; each period is due on its
last day. ``Thường xuyên`` (ongoing) has no period of its own in the plan text; it is checked quarterly,
the rhythm of the units' periodic reports, so it gets one occurrence per quarter too.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MAX_OCCURRENCES = 120  # a weekly task over two years; beyond that the dates are surely wrong


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    @property
    def due(self) -> date:
        return self.end


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(start: date, end: date, step: int, label) -> list[Period]:
    periods = []
    # align to calendar blocks of ``step`` months (quarters start in Jan, Apr, Jul, Oct)
    year, month = start.year, ((start.month - 1) // step) * step + 1
    while date(year, month, 1) <= end and len(periods) < MAX_OCCURRENCES:
        last_month = month + step - 1
        block_end = _month_end(year, last_month)
        periods.append(Period(label(year, month), max(start, date(year, month, 1)), min(end, block_end)))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return periods


def periods_for(recurrence: str, start: date | None, end: date | None) -> list[Period]:
    """The periods of a task recurring between ``start`` and ``end``; [] when either is unknown
    or the task does not recur."""
    if recurrence in ("none", "", None) or start is None or end is None or end < start:
        return []
    if recurrence in ("quarterly", "ongoing"):
        return _months(start, end, 3, lambda y, m: f"Quý {ROMAN[(m - 1) // 3 + 1]}/{y}")
    if recurrence == "monthly":
        return _months(start, end, 1, lambda y, m: f"Tháng {m}/{y}")
    if recurrence == "half_yearly":
        return _months(start, end, 6, lambda y, m: f"6 tháng {'đầu' if m == 1 else 'cuối'} năm {y}")
    if recurrence == "yearly":
        return _months(start, end, 12, lambda y, m: f"Năm {y}")
    if recurrence == "weekly":
        periods = []
        monday = start - timedelta(days=start.weekday())
        while monday <= end and len(periods) < MAX_OCCURRENCES:
            sunday = monday + timedelta(days=6)
            periods.append(Period(f"Tuần {monday.isocalendar()[1]}/{monday.isocalendar()[0]}",
                                  max(start, monday), min(end, sunday)))
            monday += timedelta(days=7)
        return periods
    return []


def weighted_progress(rows) -> int | None:
    """Progress of a group from ``(progress, weight, cancelled)`` rows; cancelled rows do not count.
    None when nothing counts."""
    total = sum(weight for _, weight, cancelled in rows if not cancelled)
    if not total:
        return None
    return round(sum(progress * weight for progress, weight, cancelled in rows if not cancelled) / total)
