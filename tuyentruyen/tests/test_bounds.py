"""The bounds of every value (lib/bounds.py), the cell readers that enforce them in imports
(work/cells.py) and text normalisation at the boundary (lib/text.py, lib/input.py)."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from tuyentruyen.lib import bounds
from tuyentruyen.lib.input import NormaliseInputMiddleware
from tuyentruyen.lib.text import INVISIBLE, fold, normalise
from tuyentruyen.work import cells

# What a spreadsheet cell may hold once openpyxl has read it.
CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.dates(), st.datetimes(),
    st.sampled_from([1e308, -1e308, 123456789012345, 10**30, -1, 0.5, "1e308", "9999-12-31"]),
)


@pytest.mark.parametrize(("bound", "value", "refused"), [
    (bounds.QUANTITY, Decimal("1000000000"), False),
    (bounds.QUANTITY, Decimal("1000000000.01"), True),
    (bounds.REACH, 10**30, True),
    (bounds.REACH, 0, False),
    (bounds.WEIGHT, 0, True),
    (bounds.PERCENT, 101, True),
    (bounds.DATE, date(9999, 12, 31), True),
    (bounds.DATE, date(1999, 12, 31), True),
    (bounds.DATE, date(2100, 12, 31), False),
    (bounds.LEGAL_DATE, date(1992, 4, 15), False),
    (bounds.DATE, None, False),
])
def test_refusal_names_the_bounds_in_vietnamese(bound, value, refused):
    refusal = bound.refusal(value)
    assert (refusal is not None) == refused
    if refused:
        assert "phải từ" in refusal and "đến" in refusal


def test_dates_are_shown_dd_mm_yyyy():
    assert bounds.DATE.refusal(date(9999, 12, 31)) == "31/12/9999: phải từ 01/01/2000 đến 31/12/2100"


@given(st.one_of(st.none(), st.integers(), st.floats(), st.decimals(), st.text(max_size=20)))
def test_format_number_never_raises(value):
    assert isinstance(bounds.format_number(value), str)


def test_format_number_uses_vietnamese_separators():
    assert bounds.format_number(Decimal("1234567.50")) == "1.234.567,5"
    assert bounds.format_number(3000) == "3.000"
    assert bounds.format_number(Decimal("1e308")) == "1,00e+308"


@given(CELL_VALUES)
def test_integer_cells_are_within_bounds_or_refused(value):
    number, refusal = cells.integer_cell(value, bounds.REACH)
    assert (number is None) or (refusal is None and bounds.REACH.contains(number) and isinstance(number, int))
    assert refusal is None or (number is None and isinstance(refusal, str) and refusal)


@given(CELL_VALUES)
def test_number_cells_are_within_bounds_or_refused(value):
    number, refusal = cells.number_cell(value, bounds.QUANTITY)
    if refusal is None and number is not None:
        assert bounds.QUANTITY.contains(number) and number.as_tuple().exponent >= -2
    assert refusal is None or number is None


@given(CELL_VALUES)
def test_date_cells_are_within_bounds_or_refused(value):
    day, refusal = cells.date_cell(value)
    if refusal is None and day is not None:
        assert isinstance(day, date) and bounds.DATE.contains(day)
    assert refusal is None or day is None


def test_cells_refuse_the_values_that_broke_pages():
    assert cells.number_cell(1e308, bounds.QUANTITY)[1]
    assert cells.number_cell(123456789012345, bounds.QUANTITY)[1]
    assert cells.integer_cell(10**30, bounds.REACH)[1]
    assert cells.date_cell(datetime(9999, 12, 31))[1].startswith("ngày 31/12/9999")
    assert cells.number_cell(15.5, bounds.QUANTITY) == (Decimal("15.50"), None)


@given(st.text())
def test_normalised_text_is_nfc_without_invisible_characters(text):
    clean = normalise(text)
    assert unicodedata.is_normalized("NFC", clean)
    assert not INVISIBLE.search(clean)
    assert normalise(clean) == clean


def test_nfd_and_nfc_names_are_the_same_name():
    nfc = "Phòng Văn hóa - Xã hội"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc and normalise(nfd) == nfc and fold(nfd) == fold(nfc)
    assert normalise("Ph\u200bòng\u202e") == "Phòng"


def test_request_values_and_file_names_arrive_normalised():
    nfd = unicodedata.normalize("NFD", "Tuyên truyền")
    seen = {}

    def view(request):
        seen["get"] = request.GET["q"]
        seen["post"] = request.POST["title"]
        seen["password"] = request.POST["password"]
        return None

    request = RequestFactory().post(f"/?q={nfd}", {"title": nfd + "\u200b", "password": nfd})
    NormaliseInputMiddleware(view)(request)
    assert seen == {"get": "Tuyên truyền", "post": "Tuyên truyền", "password": nfd}


@pytest.mark.django_db
def test_a_setting_out_of_bounds_falls_back_and_is_refused_in_the_admin(commune_a):
    from django.core.exceptions import ValidationError

    commune_a.settings = {"reminder_days": 10**30, "feedback_answer_days": 15}
    assert commune_a.setting("reminder_days", 7) == 7 and commune_a.setting("feedback_answer_days", 10) == 15
    with pytest.raises(ValidationError) as refused:
        commune_a.clean()
    assert "reminder_days" in str(refused.value) and "phải từ 0 đến 365" in str(refused.value)
