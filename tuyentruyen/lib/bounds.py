"""The bounds of every number and date the product stores, in one place.

A value outside them cannot mean anything in a commune's plan (an activity reaching 10^30 people, a
task due in year 9999) and used to break the pages that show it. Each ``Range`` gives the same limits
to the three places that enforce them: model field validators (so forms built on the models get them),
plain checks for importers and APIs (``refusal``), and database CHECK constraints (``constraint``).
Pure: Django is imported only by the methods that build Django objects, so parsers may use the bounds.
Form fields with these bounds: ``lib/fields.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

YEAR_MIN = 2000
YEAR_MAX = 2100
DATE_MIN = dt.date(YEAR_MIN, 1, 1)
DATE_MAX = dt.date(YEAR_MAX, 12, 31)
# Datetimes: the same years, from the first to the last minute in the commune's time (UTC+7, no DST).
LOCAL = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
DATETIME_MIN = dt.datetime(YEAR_MIN, 1, 1, tzinfo=LOCAL).astimezone(dt.UTC)
DATETIME_MAX = dt.datetime(YEAR_MAX, 12, 31, 23, 59, tzinfo=LOCAL).astimezone(dt.UTC)


def format_number(value, places: int = 2) -> str:
    """1234567.5 → '1.234.567,5' (Vietnamese separators), at most ``places`` decimals; never raises,
    whatever is stored. The one formatter of numbers for pages, documents and messages."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            return str(value)
        if abs(number) >= 10**15:  # out of every bound; shown, not spelled out digit by digit
            return f"{number:.2e}".replace(".", ",")
        number = round(number, places)
        if number == number.to_integral_value():
            return f"{int(number):,}".replace(",", ".")
        whole, _, fraction = f"{number:,.{places}f}".partition(".")
        return whole.replace(",", ".") + "," + fraction.rstrip("0")
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


_SIZE_UNITS = ("KB", "MB", "GB", "TB")


def format_size(size) -> str:
    """A file's size in bytes as people read it, Vietnamese separators: '812 byte', '1,3 MB', '57,2 MB'."""
    try:
        size = float(size or 0)
    except (TypeError, ValueError):
        return str(size)
    if size < 1024:
        return f"{format_number(size, 0)} byte"
    for unit in _SIZE_UNITS:
        size /= 1024
        if size < 1024 or unit == _SIZE_UNITS[-1]:
            return f"{format_number(size, 1)} {unit}"
    return ""  # not reached


def _shown(value) -> str:
    if isinstance(value, dt.datetime):
        return f"{value.astimezone(LOCAL) if value.tzinfo else value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return format_number(value)


@dataclass(frozen=True)
class Range:
    """Inclusive bounds of one kind of value."""

    low: object
    high: object
    plain: bool = False  # shown without thousands separators (years)

    def _show(self, value) -> str:
        return str(value) if self.plain else _shown(value)

    @property
    def message(self) -> str:
        return f"phải từ {self._show(self.low)} đến {self._show(self.high)}"

    def contains(self, value) -> bool:
        return value is None or self.low <= value <= self.high

    def refusal(self, value) -> str | None:
        """The Vietnamese reason a value is refused, or None when it is fine (None itself is fine)."""
        if self.contains(value):
            return None
        return f"{self._show(value)}: {self.message}"

    def validators(self) -> list:
        from django.core.validators import MaxValueValidator, MinValueValidator

        text = f"Giá trị {self.message}."
        return [MinValueValidator(self.low, message=text), MaxValueValidator(self.high, message=text)]

    def constraint(self, field: str, name: str):
        """CHECK (field IS NULL OR low <= field <= high): the database refuses what slipped past."""
        from django.db import models

        return models.CheckConstraint(
            condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": self.low,
                                                                         f"{field}__lte": self.high}),
            name=name,
        )

    def form_kwargs(self) -> dict:
        """min_value / max_value for a form's IntegerField or DecimalField (also the HTML min/max)."""
        return {"min_value": self.low, "max_value": self.high}


DATE = Range(DATE_MIN, DATE_MAX)
DATETIME = Range(DATETIME_MIN, DATETIME_MAX)
YEAR = Range(YEAR_MIN, YEAR_MAX, plain=True)
PERCENT = Range(0, 100)
# An activity's count: leaflets, minutes on air, participants. A commune has at most a few hundred
# thousand residents; a billion leaves room for cumulative online views and fits every column type.
QUANTITY = Range(Decimal(0), Decimal(1_000_000_000))
REACH = Range(0, 1_000_000_000)
# A task's weight within its group: relative, a few units; a thousand is already absurd.
WEIGHT = Range(1, 1000)
# Minutes of one broadcast slot or bulletin: at most a day.
MINUTES = Range(0, 24 * 60)
TIME_LIMIT = Range(1, 24 * 60)  # minutes of a contest attempt, of a broadcast slot
BROADCAST_MINUTES = Range(Decimal(0), Decimal(24 * 60))
QUESTIONS = Range(1, 500)  # questions per contest attempt
ATTEMPTS = Range(1, 100)  # attempts a contestant may make
PRIZES = Range(0, 10_000)
POINTS = Range(0, 1_000_000)
ROW_ID = Range(1, 2**31 - 1)  # a primary key typed into a sheet: positive, fits every integer column  # contest scores, guesses of the number of correct entrants


LEGAL_DATE = Range(dt.date(1945, 9, 2), DATE_MAX)  # a cited law or decision may be older than the product

# Numeric settings a commune or province may set (``Commune.settings`` JSON, edited in the admin).
SETTINGS = {
    "reminder_days": Range(0, 365),
    "report_escalation_days": Range(0, 365),  # days late before a report's leaders are told
    "evidence_max_mb": Range(0, 2048),  # 0: the commune takes no evidence files
    "evidence_quota_mb": Range(0, 10_000_000),
    "feedback_answer_days": Range(1, 365),
    "survey_target_percent": PERCENT,
    "triggered_task_days": Range(1, 3650),
    "xlsx_background_rows": Range(1, 1_000_000),
}


def setting_refusal(key: str, value) -> str | None:
    bound = SETTINGS.get(key)
    if bound is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"“{key}”: {str(value)[:40]} không phải là số"
    refusal = bound.refusal(value)
    return f"“{key}”: {refusal}" if refusal else None


def repair(app_label: str, fields: dict[str, dict[str, Range]]):
    """A data-migration step run before the CHECK constraints are added: a stored value out of bounds
    (from before they existed) becomes empty where the field allows it, else the nearest bound."""

    def run(apps, schema_editor):
        for model_name, ranges in fields.items():
            model = apps.get_model(app_label, model_name)
            manager = model._base_manager
            for field_name, bound in ranges.items():
                nullable = model._meta.get_field(field_name).null
                below = manager.filter(**{f"{field_name}__lt": bound.low})
                above = manager.filter(**{f"{field_name}__gt": bound.high})
                below.update(**{field_name: None if nullable else bound.low})
                above.update(**{field_name: None if nullable else bound.high})

    return run


def first_refusal(instance) -> str | None:
    """For a service about to save a model instance built from input that no form checked (an API, another
    app): the first field out of its bounds, as a Vietnamese sentence; None when all are within."""
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxValueValidator, MinValueValidator

    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if value is None:
            continue
        for validator in field.validators:
            if isinstance(validator, MinValueValidator | MaxValueValidator):
                try:
                    validator(value)
                except (ValidationError, TypeError):
                    name = str(field.verbose_name)
                    return f"{name[:1].upper()}{name[1:]} {_shown(value)}: {validator.message[:1].lower()}" \
                           f"{validator.message[1:]}"
    return None
