from datetime import date

import pytest

from tuyentruyen.conftest import unit_of
from tuyentruyen.notifications.services import reminder_sources
from tuyentruyen.reports import services
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.reminders import report_deadline_reminders

pytestmark = pytest.mark.django_db


def test_units_that_have_not_sent_are_reminded_before_the_deadline(in_a, staff_a, other_staff_a, officer_a):
    sent = services.get_or_create_report(in_a, Period(2026, "q1"), unit_of(in_a, "service_center"))
    services.submit(sent)
    reminders = report_deadline_reminders(in_a, date(2026, 3, 6))
    by_user = {}
    for r in reminders:
        by_user.setdefault(r.user.username, []).append(r)
    assert [r.key for r in by_user["donvi_a"]] == [f"report:2026-q1:unit:{staff_a.unit_id}:due"]
    assert "còn 2 ngày" in by_user["donvi_a"][0].title
    assert "donvi2_a" not in by_user  # their unit has sent
    assert any("đơn vị chưa gửi" in r.title for r in by_user["canbo_a"])


def test_the_commune_report_to_the_province_and_quiet_days(in_a, officer_a):
    reminders = report_deadline_reminders(in_a, date(2026, 3, 20))
    assert [r.key for r in reminders] == ["report:2026-q1:commune:due"] and "hôm nay" in reminders[0].title
    assert report_deadline_reminders(in_a, date(2026, 2, 10)) == []


def test_the_source_is_registered():
    import tuyentruyen.reports.tasks  # noqa: F401 - registers on import, as the daily job autodiscovers

    assert report_deadline_reminders in reminder_sources()
