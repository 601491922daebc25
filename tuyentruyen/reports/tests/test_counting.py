"""Which report counts an activity (``counting.py``): table-driven cases, then a property over random
cut-offs and activities: every activity lies in the windows of exactly one report of its series, the one
``counting_period`` names."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuyentruyen.reports.counting import Window, counting_period, windows
from tuyentruyen.reports.periods import Period

Q1, Q2, Q3, Q4 = (Period(2026, f"q{n}") for n in range(1, 5))
NEXT_Q1 = Period(2027, "q1")


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, tzinfo=UTC)


# (what the frozen reports' cut-offs are, activity's period, when recorded, the period counting it)
CASES = [
    ("no report sent yet", {}, Q3, at(10, 2), Q3),
    ("recorded before the cut-off", {Q3: at(9, 8)}, Q3, at(9, 7), Q3),
    ("dated 28/09, recorded after the report of 08/09", {Q3: at(9, 8)}, Q3, at(9, 9), Q4),
    ("recorded at the very moment of the cut-off", {Q3: at(9, 8)}, Q3, at(9, 8), Q4),
    ("late, and the next report was sent before it too", {Q3: at(9, 8), Q4: at(12, 8)}, Q3, at(12, 20), NEXT_Q1),
    ("late for Q3 but before Q4's cut-off", {Q3: at(9, 8), Q4: at(12, 8)}, Q3, at(11, 1), Q4),
    ("the later quarter sent before the earlier", {Q2: at(6, 8), Q1: at(7, 1)}, Q1, at(6, 20), Q1),
    ("late for Q1 sent after Q2", {Q2: at(6, 8), Q1: at(7, 1)}, Q1, at(7, 5), Q3),
    ("a gap: Q2 never sent", {Q1: at(3, 8), Q3: at(9, 8)}, Q1, at(10, 1), Q2),
]


@pytest.mark.parametrize(("cutoffs", "dated", "recorded", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_counting_period(cutoffs, dated, recorded, expected):
    assert counting_period(dated, recorded, cutoffs) == expected
    holders = [p for p in (Q1, Q2, Q3, Q4, NEXT_Q1)
               if any(w.holds(dated, recorded) for w in windows(p, cutoffs, cutoffs.get(p)))]
    assert holders == [expected]


def test_windows_of_a_report_after_two_frozen_quarters():
    cutoffs = {Q2: at(6, 8), Q3: at(9, 8)}
    assert windows(Q4, cutoffs, None) == [Window(Q4, None, None), Window(Q3, at(9, 8), None),
                                          Window(Q2, at(9, 8), None)]
    # sent on 08/12: it takes in what was recorded late until then, no more
    assert windows(Q4, cutoffs, at(12, 8)) == [Window(Q4, None, at(12, 8)), Window(Q3, at(9, 8), at(12, 8)),
                                               Window(Q2, at(9, 8), at(12, 8))]


def test_the_series_wraps_over_the_year_and_halves_follow_halves():
    assert Period(2026, "q4").following() == Period(2027, "q1")
    assert Period(2026, "h2").following() == Period(2027, "h1")
    assert Period(2026, "y").following() == Period(2027, "y")
    assert Period(2026, "h1").family == ("h1", "h2")
    for period in (Q1, Q4, Period(2026, "h1"), Period(2026, "y")):
        assert period.following().previous() == period


YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
QUARTERS = [Q1, Q2, Q3, Q4, NEXT_Q1, Period(2027, "q2")]
moments = st.integers(min_value=0, max_value=500 * 24).map(lambda h: YEAR_START + timedelta(hours=h))


@settings(max_examples=300, deadline=None)
@given(cutoffs=st.dictionaries(st.sampled_from(QUARTERS[:5]), moments, max_size=5),
       activities=st.lists(st.tuples(st.sampled_from(QUARTERS[:4]), moments), max_size=30))
def test_each_activity_is_in_exactly_one_report(cutoffs, activities):
    reports = {p: windows(p, cutoffs, cutoffs.get(p)) for p in QUARTERS}
    for dated, recorded in activities:
        holders = [p for p, found in reports.items() if any(w.holds(dated, recorded) for w in found)]
        owner = counting_period(dated, recorded, cutoffs)
        if owner in reports:
            assert holders == [owner]
        else:  # every report up to the last one considered was frozen before it was recorded
            assert holders == []
