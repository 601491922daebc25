from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.notifications.models import Notification
from tuyentruyen.notifications.services import notifications_for, notify, unread_count

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def test_it_notifies_in_the_users_commune(officer_a, commune_a):
    notification = notify(officer_a, title="Nhiệm vụ sắp đến hạn", url="/nhiem-vu/1/", key="task:1:due")
    assert notification.commune_id == commune_a.pk
    with commune_scope(commune_a):
        assert list(notifications_for(officer_a)) == [notification]


def test_the_same_key_on_the_same_local_day_makes_one_row(officer_a):
    with time_machine.travel(datetime(2026, 3, 2, 6, 30, tzinfo=HCM), tick=False):
        first = notify(officer_a, title="Quá hạn", key="task:1:overdue")
        assert notify(officer_a, title="Quá hạn", key="task:1:overdue") is None
    with time_machine.travel(datetime(2026, 3, 2, 23, 59, tzinfo=HCM), tick=False):
        assert notify(officer_a, title="Quá hạn", key="task:1:overdue") is None
    # 00:30 on the 3rd in Hà Nội is still the 2nd in UTC: the day is the local one
    with time_machine.travel(datetime(2026, 3, 3, 0, 30, tzinfo=HCM), tick=False):
        second = notify(officer_a, title="Quá hạn", key="task:1:overdue")
    assert first and second and first.day.isoformat() == "2026-03-02" and second.day.isoformat() == "2026-03-03"
    assert Notification.personal.filter(user=officer_a).count() == 2


def test_the_same_key_for_another_person_is_another_row(officer_a, staff_a):
    assert notify(officer_a, title="Báo cáo quý", key="report:1") is not None
    assert notify(staff_a, title="Báo cáo quý", key="report:1") is not None


def test_without_a_key_every_call_notifies(officer_a):
    notify(officer_a, title="Thông tin")
    notify(officer_a, title="Thông tin")
    assert Notification.personal.filter(user=officer_a).count() == 2


def test_inactive_users_are_not_notified(officer_a):
    officer_a.is_active = False
    officer_a.save()
    assert notify(officer_a, title="Thông tin") is None


def test_a_province_viewer_has_rows_without_commune_and_sees_them(viewer_province, commune_a):
    notification = notify(viewer_province, title="Xã chưa nộp báo cáo", key="report:x")
    assert notification.commune_id is None
    with commune_scope(commune_a):  # whatever scope is open, the person's own rows are found
        assert list(notifications_for(viewer_province)) == [notification]
        assert unread_count(viewer_province) == 1
