"""Cells read as dates: Excel dates and the usual Vietnamese ways of typing a date as text."""

from datetime import date, datetime

import pytest

from tuyentruyen.work import cells


@pytest.mark.parametrize(("value", "expected"), [
    (datetime(2026, 9, 15, 0, 0), date(2026, 9, 15)),
    (date(2026, 9, 15), date(2026, 9, 15)),
    ("15/09/2026", date(2026, 9, 15)),
    ("15/9/2026", date(2026, 9, 15)),
    ("5/9/2026", date(2026, 9, 5)),
    ("15-9-2026", date(2026, 9, 15)),
    ("15-09-2026", date(2026, 9, 15)),
    ("15.09.2026", date(2026, 9, 15)),
    (" 15 / 09 / 2026 ", date(2026, 9, 15)),
    ("ngày 15 tháng 9 năm 2026", date(2026, 9, 15)),
    ("Ngày 15 tháng 09 năm 2026", date(2026, 9, 15)),
    ("15 tháng 9 năm 2026", date(2026, 9, 15)),
    ("ngày  15  tháng 9, năm 2026.", date(2026, 9, 15)),
    ("2026-09-15", date(2026, 9, 15)),
    ("01/02/2026", date(2026, 2, 1)),  # day first, never the American month first
    ("", None),
    (None, None),
])
def test_dates_are_read(value, expected):
    assert cells.date_cell(value) == (expected, None)


@pytest.mark.parametrize(("value", "refusal"), [
    ("31/02/2026", "không có trong lịch"),
    ("15/13/2026", "không có trong lịch"),
    ("15/09/26", "không phải là ngày"),  # a two-digit year is ambiguous
    ("15/09-2026", "không phải là ngày"),  # mixed separators
    ("tháng 9", "không phải là ngày"),
    ("Quý III/2026", "không phải là ngày"),
    (45123, "không phải là ngày"),
    ("15/09/1890", "ngày"),  # outside the bounds
])
def test_bad_dates_are_refused_in_vietnamese(value, refusal):
    result, message = cells.date_cell(value)
    assert result is None and refusal in message


@pytest.mark.parametrize(("value", "expected"), [
    ("Có", (True, None)), ("có", (True, None)), ("CÓ", (True, None)), ("co", (True, None)), ("x", (True, None)),
    ("Có.", (True, None)), (True, (True, None)), (1, (True, None)), ("1", (True, None)),
    ("Không", (False, None)), ("khong", (False, None)), ("", (False, None)), (None, (False, None)),
    ("  ", (False, None)), (False, (False, None)), (0, (False, None)),
    ("Có lẽ", (None, "“Có lẽ”: hãy ghi Có hoặc Không")), (2, (None, "“2”: hãy ghi Có hoặc Không")),
])
def test_yes_no_cells_are_read(value, expected):
    assert cells.yes_no_cell(value) == expected
