from datetime import date

import pytest
import time_machine

from tuyentruyen.conftest import unit_of
from tuyentruyen.engagement import services
from tuyentruyen.engagement.reminders import overdue_feedback_reminders
from tuyentruyen.lib.tenancy import commune_scope

from .conftest import make_feedback

pytestmark = pytest.mark.django_db


def test_overdue_feedback_reminds_the_officer_and_the_units_staff(commune_a, officer_a, staff_a, other_staff_a):
    with time_machine.travel(date(2026, 3, 1), tick=False):
        feedback = make_feedback(commune_a)
        waiting = make_feedback(commune_a, title="Chưa giao")
        with commune_scope(commune_a):
            services.assign_feedback(feedback, unit=unit_of(commune_a, "media_center"))
    assert overdue_feedback_reminders(commune_a, date(2026, 3, 11)) == []  # due that day
    everything = overdue_feedback_reminders(commune_a, date(2026, 3, 13))
    reminders = [r for r in everything if feedback.code in r.title]
    assert {r.user for r in reminders} == {officer_a, staff_a}
    assert reminders[0].title == f"Phản ánh {feedback.code} quá hạn trả lời 2 ngày"
    assert reminders[0].url == f"/phan-anh-kien-nghi/{feedback.pk}/"
    assert "0912345678" not in str(reminders)
    with commune_scope(commune_a):
        services.answer_feedback(feedback, answer="Xong.", user=officer_a)
    # The deadline runs from receipt: the item nobody assigned is overdue too, and the officer is told.
    left = overdue_feedback_reminders(commune_a, date(2026, 3, 13))
    assert {r.user for r in left} == {officer_a} and all(waiting.code in r.title for r in left)


def test_the_source_is_registered_with_notifications():
    from tuyentruyen.engagement import tasks  # noqa: F401 - registers on import, like the daily job does
    from tuyentruyen.notifications.services import reminder_sources

    assert overdue_feedback_reminders in reminder_sources()
