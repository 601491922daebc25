from datetime import date

import pytest

from tuyentruyen.reports.periods import DeadlineRules, Period, PeriodError, deadlines_between, period_of

PERIODS = [
    # code, start, end, label, previous
    ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), "quý I năm 2026", "2025-q4"),
    ("2026-q2", date(2026, 4, 1), date(2026, 6, 30), "quý II năm 2026", "2026-q1"),
    ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "quý IV năm 2026", "2026-q3"),
    ("2026-h1", date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026", "2025-h2"),
    ("2026-h2", date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026", "2026-h1"),
    ("2028-y", date(2028, 1, 1), date(2028, 12, 31), "năm 2028", "2027-y"),
    (" 2026-Q3 ", date(2026, 7, 1), date(2026, 9, 30), "quý III năm 2026", "2026-q2"),
]


@pytest.mark.parametrize("code,start,end,label,previous", PERIODS)
def test_periods(code, start, end, label, previous):
    period = Period.parse(code)
    assert (period.start, period.end, period.label, period.previous().code) == (start, end, label, previous)


@pytest.mark.parametrize("code", ["", "2026", "2026-q5", "2026-h3", "26-q1", "2026-x", "1999-q1", None])
def test_bad_period_codes_are_refused_in_vietnamese(code):
    with pytest.raises(PeriodError, match="không hợp lệ|nằm ngoài"):
        Period.parse(code)


DEFAULT_DEADLINES = [
    # period, unit deadline, commune deadline
    ("2026-q1", date(2026, 3, 8), date(2026, 3, 20)),
    ("2026-q2", date(2026, 6, 8), date(2026, 6, 20)),
    ("2026-q3", date(2026, 9, 8), date(2026, 9, 20)),
    ("2026-h1", date(2026, 6, 8), date(2026, 6, 20)),
    ("2026-h2", date(2026, 12, 8), date(2026, 12, 20)),
    ("2026-y", date(2026, 12, 8), date(2026, 12, 20)),
]


@pytest.mark.parametrize("code,unit_due,commune_due", DEFAULT_DEADLINES)
def test_default_deadlines(code, unit_due, commune_due):
    rules = DeadlineRules()
    period = Period.parse(code)
    assert rules.unit_deadline(period) == unit_due
    assert rules.commune_deadline(period) == commune_due


CUSTOM = [
    # settings, period, unit deadline, commune deadline
    ({"reports.unit_deadline_day": 5}, "2026-q1", date(2026, 3, 5), date(2026, 3, 20)),
    ({"reports.commune_deadline_day": 31}, "2026-q2", date(2026, 6, 8), date(2026, 6, 30)),  # clamped to month end
    ({"reports.unit_year_deadline_month": 11, "reports.unit_year_deadline_day": 30}, "2026-y",
     date(2026, 11, 30), date(2026, 12, 20)),
    ({"reports.unit_deadline_day": "abc"}, "2026-q1", date(2026, 3, 8), date(2026, 3, 20)),  # bad value: default
    ({"reports.unit_deadline_day": 0}, "2026-q1", date(2026, 3, 8), date(2026, 3, 20)),
]


@pytest.mark.parametrize("settings_,code,unit_due,commune_due", CUSTOM)
def test_deadline_rules_from_commune_settings(settings_, code, unit_due, commune_due):
    rules = DeadlineRules.from_settings(lambda key, default: settings_.get(key, default))
    period = Period.parse(code)
    assert (rules.unit_deadline(period), rules.commune_deadline(period)) == (unit_due, commune_due)


def test_deadlines_between_lists_both_levels_in_date_order():
    found = deadlines_between(DeadlineRules(), date(2026, 3, 1), date(2026, 3, 31))
    assert [(d.due, d.period.code, d.commune_level) for d in found] == [
        (date(2026, 3, 8), "2026-q1", False), (date(2026, 3, 20), "2026-q1", True)]
    december = deadlines_between(DeadlineRules(), date(2026, 12, 1), date(2026, 12, 31))
    assert {d.period.code for d in december} == {"2026-q4", "2026-h2", "2026-y"}


@pytest.mark.parametrize("day,kind,code", [(date(2026, 5, 2), "q", "2026-q2"), (date(2026, 5, 2), "h", "2026-h1"),
                                           (date(2026, 12, 31), "h", "2026-h2"), (date(2026, 1, 1), "y", "2026-y")])
def test_period_of(day, kind, code):
    assert period_of(day, kind).code == code
