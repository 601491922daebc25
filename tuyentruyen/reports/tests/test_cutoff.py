"""Reports never drop an activity: what is recorded for a period after its report was sent counts in the
next report of the unit, as a late entry (“bổ sung kỳ trước”), and each report states its period and
cut-off. Ends with a simulated year: random activities, random submission days, returns, late entries."""

import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.reports import cutoff, services
from tuyentruyen.reports.periods import Period

from . import factories as f

pytestmark = pytest.mark.django_db
Q3, Q4 = Period(2026, "q3"), Period(2026, "q4")


def at(month, day, hour=9, year=2026):
    return datetime(year, month, day, hour, tzinfo=UTC)


def record(commune, unit, day, when, title="Hoạt động"):
    with time_machine.travel(when, tick=False):
        return f.activity(commune, "radio", day, unit=unit, title=title)


def send(report, when, user=None):
    with time_machine.travel(when, tick=False):
        return services.submit(report, user=user)


def return_and_send(report, returned, sent, officer, staff):
    with time_machine.travel(returned, tick=False):
        services.return_report(report, user=officer, comment="Bổ sung số liệu")
    return send(report, sent, staff)


def test_an_activity_recorded_after_the_report_counts_in_the_next_one(in_a, staff_a):
    media = unit_of(in_a, "media_center")
    on_time = record(in_a, media, date(2026, 9, 2), at(9, 3))
    q3 = send(services.get_or_create_report(in_a, Q3, media), at(9, 8), staff_a)
    late = record(in_a, media, date(2026, 9, 28), at(10, 2), title="Phát thanh chuyên mục cuối quý")
    assert q3.cutoff == at(9, 8) and q3.figures["activity_ids"] == [on_time.pk]
    assert q3.figures["cutoff"].startswith("2026-09-08")

    q4 = services.get_or_create_report(in_a, Q4, media)
    figures = services.figures_of(q4)
    assert figures["activity_ids"] == [late.pk] and figures["totals"]["activities"] == 1
    assert figures["late"]["count"] == 1
    row = figures["late"]["rows"][0]
    assert (row["date_label"], row["period_label"], row["recorded_label"]) == \
        ("28/09/2026", "quý III năm 2026", "02/10/2026")
    assert services.figures_of(q3)["activity_ids"] == [on_time.pk]  # the sent report is as it was sent

    page = client_for(staff_a).get(f"/bao-cao/{q4.pk}/").content.decode()
    assert "Bổ sung kỳ trước" in page and "Phát thanh chuyên mục cuối quý" in page and "28/09/2026" in page
    assert "01/10/2026" in page and "31/12/2026" in page  # the period covered
    workbook = openpyxl.load_workbook(io.BytesIO(client_for(staff_a).get(f"/bao-cao/{q4.pk}/tai-ve.xlsx").content))
    assert [c.value for c in workbook["Bổ sung kỳ trước"][3]][1:3] == ["28/09/2026", "Phát thanh chuyên mục cuối quý"]
    assert cutoff.frozen_report_covering(in_a, media, date(2026, 9, 28)) == q3
    assert cutoff.frozen_report_covering(in_a, media, date(2026, 10, 2)) is None
    sent_page = client_for(staff_a).get(f"/bao-cao/{q3.pk}/").content.decode()
    assert "Số liệu chốt lúc" in sent_page and "08/09/2026" in sent_page


def test_a_returned_report_takes_in_what_was_added_unless_the_next_was_sent(in_a, staff_a, officer_a):
    media = unit_of(in_a, "media_center")
    q3 = send(services.get_or_create_report(in_a, Q3, media), at(9, 8), staff_a)
    missing = record(in_a, media, date(2026, 8, 20), at(9, 10))
    again = return_and_send(q3, at(9, 12), at(9, 15), officer_a, staff_a)
    assert again.cutoff == at(9, 15) and again.figures["activity_ids"] == [missing.pk]

    # once the next report is sent, a returned one keeps its cut-off: nothing counts twice
    q4 = send(services.get_or_create_report(in_a, Q4, media), at(12, 8), staff_a)
    late = record(in_a, media, date(2026, 9, 30), at(12, 9))
    third = return_and_send(again, at(12, 10), at(12, 11), officer_a, staff_a)
    assert third.cutoff == at(9, 15) and third.figures["activity_ids"] == [missing.pk]
    assert q4.figures["activity_ids"] == []
    assert late.pk in services.figures_of(services.get_or_create_report(in_a, Period(2027, "q1"), media))[
        "activity_ids"]


def test_the_commune_report_has_its_own_cutoff(in_a, officer_a):
    media, office = unit_of(in_a, "media_center"), unit_of(in_a, "office")
    first = record(in_a, media, date(2026, 9, 1), at(9, 2))
    commune_q3 = send(services.get_or_create_report(in_a, Q3), at(9, 20), officer_a)
    second = record(in_a, office, date(2026, 9, 25), at(9, 26))
    assert commune_q3.figures["activity_ids"] == [first.pk]
    assert services.figures_of(services.get_or_create_report(in_a, Q4))["activity_ids"] == [second.pk]


YEAR = [Period(2026, f"q{n}") for n in range(1, 5)]
CLOSING = Period(2027, "q1")
START = datetime(2026, 1, 1, tzinfo=UTC)

activity_st = st.tuples(st.integers(0, 364), st.integers(0, 90 * 24), st.booleans())
submission_st = st.tuples(st.integers(-20 * 24, 40 * 24), st.one_of(st.none(), st.integers(1, 30 * 24)))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(activities=st.lists(activity_st, min_size=1, max_size=25),
       submissions=st.lists(submission_st, min_size=4, max_size=4))
def test_a_simulated_year_counts_every_activity_exactly_once(in_a, staff_a, officer_a, activities, submissions):
    """Random activities (dated any day of the year, recorded up to three months later, in one of two
    units), each quarter's reports sent on a random day around the end of the quarter, some returned and
    sent again. Once the next year's first quarter is sent too, the sent unit reports together count
    every activity of their unit once, and the commune's reports every activity once."""
    media, office = unit_of(in_a, "media_center"), unit_of(in_a, "office")
    events = []
    for day, delay, in_media in activities:
        dated = date(2026, 1, 1) + timedelta(days=day)
        recorded = datetime(dated.year, dated.month, dated.day, 8, tzinfo=UTC) + timedelta(hours=delay)
        events.append((recorded, "record", (dated, media if in_media else office)))
    for period, (offset, returned_after) in zip(YEAR, submissions, strict=True):
        sent = datetime(period.end.year, period.end.month, 8, 10, tzinfo=UTC) + timedelta(hours=offset)
        for unit in (media, office, None):
            events.append((sent, "send", (period, unit)))
            if returned_after and unit is not None:  # the commune's report goes to the province
                events.append((sent + timedelta(hours=returned_after), "return", (period, unit)))
                events.append((sent + timedelta(hours=returned_after, minutes=30), "send", (period, unit)))
    closing = max(when for when, _, _ in events) + timedelta(days=1)
    for unit in (media, office, None):
        events.append((closing, "send", (CLOSING, unit)))

    with transaction.atomic():
        recorded = {media.pk: [], office.pk: []}
        for when, action, (what, unit) in sorted(events, key=lambda e: (e[0], e[1] != "record")):
            with time_machine.travel(when, tick=False):
                if action == "record":
                    recorded[unit.pk].append(f.activity(in_a, "radio", what, unit=unit).pk)
                    continue
                report = services.get_or_create_report(in_a, what, unit)
                if action == "send":
                    services.submit(report, user=staff_a if unit else officer_a)
                else:
                    services.return_report(report, user=officer_a, comment="Bổ sung số liệu")
        for unit, expected in ((media, recorded[media.pk]), (office, recorded[office.pk]),
                               (None, recorded[media.pk] + recorded[office.pk])):
            counted = []
            for period in YEAR + [CLOSING]:
                report = services.get_or_create_report(in_a, period, unit)
                assert report.is_frozen
                counted += report.figures["activity_ids"]
                assert report.figures["totals"]["activities"] == len(report.figures["activity_ids"])
            assert sorted(counted) == sorted(expected)
        transaction.set_rollback(True)
