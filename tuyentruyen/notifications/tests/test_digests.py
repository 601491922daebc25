from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.notifications.models import Digest, Notification
from tuyentruyen.notifications.services import mark_all_read, notify, send_digests

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(officer_a):
    officer_a.email = "canbo@example.vn"
    officer_a.save()
    return officer_a


@pytest.fixture
def on_2_march():
    with time_machine.travel(datetime(2026, 3, 2, 6, 30, tzinfo=HCM), tick=False):
        yield


def test_one_email_per_person_lists_every_new_notification(officer, staff_a, on_2_march, settings):
    settings.SITE_URL = "https://cchc.example.vn/"
    notify(officer, title="Nhiệm vụ A sắp đến hạn", body="Hạn: 05/03/2026", url="/nhiem-vu/1/", key="t1")
    notify(officer, title="Báo cáo quý I", url="https://khac.example.vn/x", key="r1")
    notify(staff_a, title="Không có thư điện tử", key="t1")  # staff_a has no address: no e-mail
    assert send_digests() == 1
    (message,) = mail.outbox
    assert message.subject == "[Tuyên truyền CCHC] Thông báo ngày 02/03/2026"
    assert message.to == ["canbo@example.vn"]
    assert "1. Nhiệm vụ A sắp đến hạn" in message.body and "Hạn: 05/03/2026" in message.body
    assert "https://cchc.example.vn/nhiem-vu/1/" in message.body
    assert "https://khac.example.vn/x" in message.body
    assert "https://cchc.example.vn/thong-bao/" in message.body
    assert not Notification.personal.filter(user=officer, emailed_at__isnull=True).exists()


def test_it_is_safe_to_run_twice(officer, on_2_march):
    notify(officer, title="Một", key="1")
    assert send_digests() == 1
    assert send_digests() == 0
    assert len(mail.outbox) == 1


def test_later_notifications_wait_for_the_next_days_digest(officer):
    with time_machine.travel(datetime(2026, 3, 2, 6, 30, tzinfo=HCM), tick=False):
        notify(officer, title="Sáng", key="1")
        send_digests()
    with time_machine.travel(datetime(2026, 3, 2, 15, 0, tzinfo=HCM), tick=False):
        notify(officer, title="Chiều", key="2")
        assert send_digests() == 0  # one digest per person per day, not a flood
    with time_machine.travel(datetime(2026, 3, 3, 6, 30, tzinfo=HCM), tick=False):
        assert send_digests() == 1
    assert [m.subject[-10:] for m in mail.outbox] == ["02/03/2026", "03/03/2026"]
    assert "Chiều" in mail.outbox[1].body and "Sáng" not in mail.outbox[1].body


def test_what_was_read_in_the_app_is_not_mailed(officer, on_2_march):
    notify(officer, title="Đã xem", key="1")
    with commune_scope(officer.commune):
        mark_all_read(officer)
    assert send_digests() == 0 and mail.outbox == []


def test_a_failed_send_is_tried_again_next_run(officer, on_2_march):
    notify(officer, title="Một", key="1")
    with mock.patch("tuyentruyen.notifications.services.send_mail", side_effect=OSError("smtp down")):
        assert send_digests() == 0
    assert not Digest.objects.exists()
    assert send_digests() == 1 and "Một" in mail.outbox[0].body
