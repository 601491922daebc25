"""Shared hypothesis strategies and settings for the property tests of values at the boundary."""

from datetime import date

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROPERTY = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NUMBER_TEXT = st.one_of(
    st.integers(min_value=-10**40, max_value=10**40).map(str), st.floats().map(repr),
    st.sampled_from(["1e308", "123456789012345", "1000000000", "0", "-1", "", "abc", "NaN", "Infinity", "1,5"]),
)
DATE_TEXT = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(["9999-12-31", "0001-01-01", "1999-12-31", "2100-12-31", "2025-02-30", "", "31/12/9999"]),
    st.text(max_size=12),
)
DATETIME_TEXT = st.one_of(
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(["9999-12-31T23:59", "0001-01-01T00:00", "2026-04-30T17:00", "", "31/12/9999 23:59"]),
    st.text(max_size=16),
)
ISO_DATE = st.one_of(st.dates().map(date.isoformat), st.sampled_from(["9999-12-31", "1900-01-01", "2025-07-01"]))


def rolled_back(check):
    """Each example starts from the same database."""
    with transaction.atomic():
        check()
        transaction.set_rollback(True)

