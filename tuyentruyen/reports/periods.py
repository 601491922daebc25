"""Report periods (quarters, half-years, the year) and their deadlines. Pure: no Django.

A period is named by a short code used in URLs and stored on reports: ``2026-q1`` … ``2026-q4``,
``2026-h1``, ``2026-h2``, ``2026-y``. Deadlines follow rules a commune may change (see
``DeadlineRules``): units report to the commune's Phòng Văn hóa - Xã hội before a day of the period's
last month, the year's report before a day of December; the commune reports to the province before a
later day of the same month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from tuyentruyen.lib import bounds
from tuyentruyen.lib.errors import UserError

KINDS = ("q1", "q2", "q3", "q4", "h1", "h2", "y")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# (first month, last month) of each kind of period
MONTHS = {"q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12), "h1": (1, 6), "h2": (7, 12), "y": (1, 12)}
CODE_RE = re.compile(r"^(\d{4})-(q[1-4]|h[12]|y)$")


class PeriodError(UserError, ValueError):
    """A period code that names no period; the message is shown to users as is."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str

    def __post_init__(self):
        if self.kind not in KINDS:
            raise PeriodError(f"Kỳ báo cáo “{self.kind}” không hợp lệ.")
        if not bounds.YEAR.contains(self.year):
            raise PeriodError(f"Năm {self.year} nằm ngoài khoảng cho phép: {bounds.YEAR.message}.")

    @classmethod
    def parse(cls, code: str) -> Period:
        match = CODE_RE.match((code or "").strip().lower())
        if not match:
            raise PeriodError(f"Kỳ báo cáo “{code}” không hợp lệ (ví dụ đúng: 2026-q1, 2026-h1, 2026-y).")
        return cls(int(match[1]), match[2])

    @property
    def code(self) -> str:
        return f"{self.year}-{self.kind}"

    @property
    def start(self) -> date:
        return date(self.year, MONTHS[self.kind][0], 1)

    @property
    def end(self) -> date:
        last = MONTHS[self.kind][1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def last_month(self) -> int:
        return MONTHS[self.kind][1]

    @property
    def months(self) -> int:
        first, last = MONTHS[self.kind]
        return last - first + 1

    @property
    def label(self) -> str:
        """Vietnamese label as reports write it: “quý I năm 2026”, “6 tháng đầu năm 2026”, “năm 2026”."""
        if self.kind.startswith("q"):
            return f"quý {ROMAN[int(self.kind[1])]} năm {self.year}"
        if self.kind == "h1":
            return f"6 tháng đầu năm {self.year}"
        if self.kind == "h2":
            return f"6 tháng cuối năm {self.year}"
        return f"năm {self.year}"

    @property
    def title_label(self) -> str:
        return self.label[:1].upper() + self.label[1:]

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.kind == "y":
            return Period(self.year - 1, "y")
        if self.kind.startswith("h"):
            return Period(self.year, "h1") if self.kind == "h2" else Period(self.year - 1, "h2")
        quarter = int(self.kind[1])
        return Period(self.year, f"q{quarter - 1}") if quarter > 1 else Period(self.year - 1, "q4")

    def following(self) -> Period:
        """The period of the same length just after this one."""
        if self.kind == "y":
            return Period(self.year + 1, "y")
        if self.kind.startswith("h"):
            return Period(self.year, "h2") if self.kind == "h1" else Period(self.year + 1, "h1")
        quarter = int(self.kind[1])
        return Period(self.year, f"q{quarter + 1}") if quarter < 4 else Period(self.year + 1, "q1")

    @property
    def family(self) -> tuple[str, ...]:
        """The kinds of the series this period belongs to (quarters, half-years or years): reports of one
        series follow each other, and each activity counts in exactly one report of each series."""
        return tuple(kind for kind in KINDS if kind[0] == self.kind[0])

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months_list(self) -> list[tuple[int, int]]:
        first, last = MONTHS[self.kind]
        return [(self.year, month) for month in range(first, last + 1)]


def periods_of_year(year: int) -> list[Period]:
    return [Period(year, kind) for kind in KINDS]


def period_of(day: date, kind: str = "q") -> Period:
    """The quarter (``q``), half-year (``h``) or year (``y``) that contains ``day``."""
    if kind == "q":
        return Period(day.year, f"q{(day.month - 1) // 3 + 1}")
    if kind == "h":
        return Period(day.year, "h1" if day.month <= 6 else "h2")
    return Period(day.year, "y")


@dataclass(frozen=True)
class DeadlineRules:
    """When reports are due. Days past a month's end fall on its last day (a rule of “the 31st”)."""

    unit_day: int = 8  # units → Phòng Văn hóa - Xã hội, day of the period's last month
    unit_year_month: int = 12  # the year's unit report: before this day of this month
    unit_year_day: int = 8
    commune_day: int = 20  # commune → province, day of the period's last month
    commune_year_month: int = 12
    commune_year_day: int = 20

    SETTING_KEYS = {
        "unit_day": "reports.unit_deadline_day",
        "unit_year_month": "reports.unit_year_deadline_month",
        "unit_year_day": "reports.unit_year_deadline_day",
        "commune_day": "reports.commune_deadline_day",
        "commune_year_month": "reports.commune_year_deadline_month",
        "commune_year_day": "reports.commune_year_deadline_day",
    }

    @classmethod
    def from_settings(cls, read) -> DeadlineRules:
        """Rules from a ``read(key, default)`` function (``commune.setting``); bad values fall back."""
        values = {}
        for field, key in cls.SETTING_KEYS.items():
            default = getattr(cls, field)
            try:
                value = int(read(key, default))
            except (TypeError, ValueError):
                value = default
            limit = 12 if field.endswith("month") else 31
            values[field] = value if 1 <= value <= limit else default
        return cls(**values)

    def unit_deadline(self, period: Period) -> date:
        if period.kind == "y":
            return _day_in(period.year, self.unit_year_month, self.unit_year_day)
        return _day_in(period.year, period.last_month, self.unit_day)

    def commune_deadline(self, period: Period) -> date:
        if period.kind == "y":
            return _day_in(period.year, self.commune_year_month, self.commune_year_day)
        return _day_in(period.year, period.last_month, self.commune_day)

    def deadline(self, period: Period, *, commune_level: bool) -> date:
        return self.commune_deadline(period) if commune_level else self.unit_deadline(period)


def _day_in(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    period: Period
    due: date
    commune_level: bool  # True: commune → province; False: units → commune

    @property
    def who(self) -> str:
        return "Xã báo cáo tỉnh" if self.commune_level else "Đơn vị báo cáo xã"


def deadlines_between(rules: DeadlineRules, first: date, last: date) -> list[Deadline]:
    """Every deadline falling in [first, last], in date order (for the calendar and reminders)."""
    found = []
    for year in range(first.year - 1, last.year + 2):
        for period in periods_of_year(year):
            for commune_level in (False, True):
                due = rules.deadline(period, commune_level=commune_level)
                if first <= due <= last:
                    found.append(Deadline(period, due, commune_level))
    return sorted(found, key=lambda d: (d.due, d.commune_level, KINDS.index(d.period.kind)))


def is_on_time(submitted: date | None, due: date) -> bool | None:
    """True/False once submitted; None while not submitted."""
    if submitted is None:
        return None
    return submitted <= due
