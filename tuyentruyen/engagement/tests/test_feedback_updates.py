"""A resident who left an e-mail (or a phone, when an SMS gateway is set) is told when their feedback is
received, assigned and answered: the code, the status and the link, never the item's text; once each."""

import logging

import pytest
from django.core import mail

from tuyentruyen.engagement import services, updates
from tuyentruyen.engagement.models import FeedbackUpdate
from tuyentruyen.lib import sms
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.localities.models import Unit

from .conftest import make_feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    settings.SITE_URL = "https://tuyentruyen.example"


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "tuyentruyen.lib.sms.LocmemBackend"
    sms.LocmemBackend.outbox = []
    return sms.LocmemBackend.outbox


def walk_through(commune, officer, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = make_feedback(commune, **overrides)
    with commune_scope(commune):
        unit = Unit.objects.get(kind="service_center")
        with django_capture_on_commit_callbacks(execute=True):
            services.assign_feedback(feedback, unit=unit, user=officer)
        with django_capture_on_commit_callbacks(execute=True):
            services.answer_feedback(feedback, answer="Đã giải quyết xong.", user=officer)
        with django_capture_on_commit_callbacks(execute=True):
            services.answer_feedback(feedback, answer="Sửa lại câu trả lời.", user=officer)  # edited: no new mail
    return feedback


def test_the_sender_gets_three_e_mails_with_code_and_link_only(commune_a, officer_a, immediate_tasks,
                                                              django_capture_on_commit_callbacks):
    feedback = walk_through(commune_a, officer_a, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["an@example.com"]] * 3
    link = f"https://tuyentruyen.example/{commune_a.slug}/phan-anh/theo-doi/{feedback.code}/"
    received, assigned, answered = (m.body for m in mail.outbox)
    assert all(feedback.code in m.subject and link in m.body for m in mail.outbox)
    assert "đã được tiếp nhận" in received and f"{feedback.due_date:%d/%m/%Y}" in received
    assert "Trung tâm Phục vụ hành chính công" in assigned or "giao cho" in assigned
    assert "đã có câu trả lời" in answered
    for message in mail.outbox:  # nothing the resident wrote, nothing of the answer
        assert "Nguyễn Văn An" not in message.body and "0912" not in message.body
        assert "Hồ sơ khai sinh" not in message.body and "giải quyết xong" not in message.body
    with scopes_disabled():
        assert FeedbackUpdate.objects.filter(feedback=feedback, channel="email").count() == 3


def test_running_the_task_again_sends_nothing_twice(commune_a, officer_a, immediate_tasks,
                                                    django_capture_on_commit_callbacks):
    feedback = walk_through(commune_a, officer_a, django_capture_on_commit_callbacks)
    count = len(mail.outbox)
    assert updates.send_update(feedback.pk, "answered") == {"email": False, "sms": False}
    assert len(mail.outbox) == count


def test_no_contact_no_task(commune_a, officer_a, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_feedback(commune_a, contact={"full_name": "Ẩn danh"})
    assert not mail.outbox
    assert len(callbacks) == 0  # nobody to tell: nothing enqueued


def test_sms_goes_through_the_gateway_and_the_log_masks_the_number(commune_a, officer_a, immediate_tasks,
                                                                  sms_outbox, django_capture_on_commit_callbacks,
                                                                  caplog):
    caplog.set_level(logging.INFO, logger="tuyentruyen.engagement.updates")
    feedback = walk_through(commune_a, officer_a, django_capture_on_commit_callbacks,
                            contact={"phone": "0912345678"})
    assert [phone for phone, _ in sms_outbox] == ["0912345678"] * 3
    assert all(feedback.code in text for _, text in sms_outbox)
    assert "SMS sent" in caplog.text and "0912345678" not in caplog.text and "345678" not in caplog.text
    assert not mail.outbox


def test_sms_is_off_by_default(settings, commune_a, officer_a, immediate_tasks, django_capture_on_commit_callbacks):
    assert settings.SMS_BACKEND == ""
    sms.LocmemBackend.outbox = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_feedback(commune_a, contact={"phone": "0912345678"})
    assert len(callbacks) == 0 and sms.LocmemBackend.outbox == []


def test_erased_personal_data_stops_the_messages(commune_a, officer_a, immediate_tasks,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = make_feedback(commune_a)
    with commune_scope(commune_a):
        services.erase_personal_data(feedback, user=officer_a)
        with django_capture_on_commit_callbacks(execute=True):
            services.answer_feedback(feedback, answer="Đã trả lời.", user=officer_a)
    assert len(mail.outbox) == 1  # the receipt only


def test_a_failed_e_mail_is_tried_again(commune_a, officer_a, settings, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        feedback = make_feedback(commune_a)

    def broken(*args, **kwargs):
        raise OSError("máy chủ thư không trả lời")

    monkeypatch.setattr(updates, "send_mail", broken)
    with pytest.raises(OSError):
        updates.send_update(feedback.pk, "received")
    monkeypatch.undo()
    assert updates.send_update(feedback.pk, "received")["email"] is True
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(("phone", "masked"), [("0912345678", "091*****78"), ("+84 912 345 678", "849******78"),
                                              ("12", "**"), ("", "")])
def test_mask_phone(phone, masked):
    assert sms.mask_phone(phone) == masked
