from datetime import UTC, date

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


@pytest.fixture
def leader_a(commune_a):
    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user

    return create_user("lanhdao_a", "x", roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")


def _by_user(reminders):
    found = {}
    for r in reminders:
        found.setdefault(r.user.username, []).append(r)
    return found


def _onboarded_long_ago(commune):
    from datetime import datetime

    commune.onboarded_at = datetime(2025, 1, 1, tzinfo=UTC)
    commune.save()


def test_late_units_are_reminded_every_day_until_they_send(in_a, staff_a, officer_a, leader_a):
    _onboarded_long_ago(in_a)
    # Q1's unit deadline is 08/03: a week later the unit is still chased, and so is the officer
    late = _by_user(report_deadline_reminders(in_a, date(2026, 3, 15)))
    assert any("quá hạn 7 ngày" in r.title for r in late["donvi_a"])
    assert any("chưa gửi báo cáo" in r.title for r in late["canbo_a"])
    months_later = _by_user(report_deadline_reminders(in_a, date(2026, 5, 2)))
    assert any("2026-q1" in r.key for r in months_later["donvi_a"])
    report = services.get_or_create_report(in_a, Period(2026, "q1"), unit_of(in_a, "media_center"))
    services.submit(report, user=staff_a)
    after = _by_user(report_deadline_reminders(in_a, date(2026, 5, 2)))
    assert not any(f"unit:{staff_a.unit_id}" in r.key and "2026-q1" in r.key for r in after.get("donvi_a", []))


def test_leaders_are_told_after_the_setting_days(in_a, staff_a, officer_a, leader_a):
    _onboarded_long_ago(in_a)
    two_days = _by_user(report_deadline_reminders(in_a, date(2026, 3, 10)))
    assert not any(r.key.startswith("report:2026-q1") for r in two_days.get("lanhdao_a", []))
    three_days = _by_user(report_deadline_reminders(in_a, date(2026, 3, 11)))
    (line,) = [r for r in three_days["lanhdao_a"] if r.key == "report:2026-q1:units:late"]
    assert "đơn vị chưa gửi báo cáo" in line.title and "quá hạn 3 ngày" in line.title and line.body
    in_a.settings = {**in_a.settings, "report_escalation_days": 10}
    in_a.save()
    assert not any(r.key.startswith("report:2026-q1") and r.key.endswith(":late")
                   for r in report_deadline_reminders(in_a, date(2026, 3, 11)))


def test_reports_before_the_commune_was_onboarded_are_not_chased(in_a, staff_a):
    from datetime import datetime

    in_a.onboarded_at = datetime(2026, 4, 1, tzinfo=UTC)
    in_a.save()
    assert not any("2026-q1" in r.key for r in report_deadline_reminders(in_a, date(2026, 4, 5)))
