"""766/QĐ-TTg: the answer deadline runs from receipt; items nobody assigned become overdue and count in
the on-time share; the officer is told when feedback arrives."""

from datetime import date, timedelta

import pytest
import time_machine

from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.engagement import services
from tuyentruyen.engagement.models import Feedback
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.notifications.models import Notification

from .conftest import make_feedback

pytestmark = pytest.mark.django_db


def test_the_deadline_is_set_on_receipt_from_the_commune_setting(commune_a):
    commune_a.settings = {"feedback_answer_days": 7}
    commune_a.save()
    with time_machine.travel(date(2026, 3, 2), tick=False):
        feedback = make_feedback(commune_a)
    assert feedback.due_date == date(2026, 3, 9)


def test_assigning_later_keeps_the_deadline_counted_from_receipt(commune_a, officer_a):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        feedback = make_feedback(commune_a)
    with time_machine.travel(date(2026, 3, 6), tick=False):
        client_for(officer_a).post(f"/phan-anh-kien-nghi/{feedback.pk}/giao/", {"unit": unit_of(commune_a, "office").pk})
    feedback.refresh_from_db()
    assert feedback.unit_id and feedback.due_date == date(2026, 3, 12)


def test_unassigned_items_become_overdue_and_count_in_the_on_time_share(commune_a, officer_a):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        waiting = [make_feedback(commune_a, title=f"Chưa ai nhận {n}") for n in range(4)]
        answered = make_feedback(commune_a, title="Đã trả lời")
        with commune_scope(commune_a):
            services.assign_feedback(answered, unit=unit_of(commune_a, "office"))
            services.answer_feedback(answered, answer="Đã giải quyết.", user=officer_a)
    with time_machine.travel(date(2026, 3, 20), tick=False), commune_scope(commune_a):
        overdue = list(services.overdue_feedback(commune_a))
        figures = services.feedback_figures_for(Feedback.objects.filter(commune=commune_a), on=date(2026, 3, 20))
    assert {f.pk for f in waiting} <= {f.pk for f in overdue}
    assert figures["overdue_open"] == 4
    assert figures["on_time_percent"] is not None and figures["on_time_percent"] < 100


def test_the_officer_is_told_at_once(commune_a, officer_a, admin_a, staff_a):
    feedback = make_feedback(commune_a)
    with scopes_disabled():
        told = {n.user_id for n in Notification.objects.all() if feedback.code in f"{n.title} {n.body}"}
    assert officer_a.pk in told and staff_a.pk not in told
    assert feedback.due_date == services.today() + timedelta(days=services.FEEDBACK_ANSWER_DAYS)
