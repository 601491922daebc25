from datetime import date, timedelta

import pytest
import time_machine

from tuyentruyen.audit.models import AuditEvent
from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.engagement import services
from tuyentruyen.engagement.models import Feedback, FeedbackContact, FeedbackStatus
from tuyentruyen.engagement.uploads import JudgedFile
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled

from .conftest import make_feedback

pytestmark = pytest.mark.django_db


def detail(feedback, tail=""):
    return f"/phan-anh-kien-nghi/{feedback.pk}/{tail}"


def test_officer_assigns_with_the_default_deadline(commune_a, officer_a):
    feedback = make_feedback(commune_a)
    unit = unit_of(commune_a, "service_center")
    response = client_for(officer_a).post(detail(feedback, "giao/"), {"unit": unit.pk})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.unit_id == unit.pk and feedback.status == FeedbackStatus.ASSIGNED
    assert feedback.due_date == services.today() + timedelta(days=10)


def test_deadline_follows_the_commune_setting(commune_a, officer_a):
    commune_a.settings = {"feedback_answer_days": 5}
    commune_a.save()
    feedback = make_feedback(commune_a)
    client_for(officer_a).post(detail(feedback, "giao/"), {"unit": unit_of(commune_a, "office").pk})
    feedback.refresh_from_db()
    assert feedback.due_date == services.today() + timedelta(days=5)


def test_unit_staff_see_and_answer_only_their_units_items(commune_a, officer_a, staff_a, other_staff_a):
    mine, other = make_feedback(commune_a, title="Của đơn vị tôi"), make_feedback(commune_a, title="Của đơn vị khác")
    with commune_scope(commune_a):
        services.assign_feedback(mine, unit=staff_a.unit)
        services.assign_feedback(other, unit=other_staff_a.unit)
    client = client_for(staff_a)
    inbox = client.get("/phan-anh-kien-nghi/").content.decode()
    assert "Của đơn vị tôi" in inbox and "Của đơn vị khác" not in inbox
    assert client.get(detail(other)).status_code == 404
    page = client.get(detail(mine)).content.decode()
    assert "0912345678" in page  # the assigned unit sees the contact
    assert client.post(detail(mine, "tra-loi/"), {"answer": "Đơn vị đã xử lý."}).status_code == 302
    assert client.post(detail(other, "tra-loi/"), {"answer": "x"}).status_code == 404
    assert client.post(detail(mine, "giao/"), {"unit": other_staff_a.unit.pk}).status_code == 403
    mine.refresh_from_db()
    assert mine.status == FeedbackStatus.ANSWERED and mine.answered_by == staff_a


def test_personal_data_is_hidden_from_leaders_and_admins(commune_a, officer_a, admin_a, leader_a):
    feedback = make_feedback(commune_a)
    assert "0912345678" in client_for(officer_a).get(detail(feedback)).content.decode()
    for user in (admin_a, leader_a):
        page = client_for(user).get(detail(feedback))
        assert page.status_code == 200 and "0912345678" not in page.content.decode()
        assert "001085012345" not in page.content.decode() and "an@example.com" not in page.content.decode()
    assert client_for(leader_a).post(detail(feedback, "xoa-thong-tin-ca-nhan/")).status_code == 403


def test_attachment_download_is_restricted(commune_a, officer_a, leader_a):
    feedback = make_feedback(commune_a, attachments=[("giay.pdf", b"%PDF-1.4 x", JudgedFile("application/pdf", "pdf"))])
    with commune_scope(commune_a):
        attachment = feedback.attachments.get()
    url = detail(feedback, f"tep/{attachment.pk}/")
    response = client_for(officer_a).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert client_for(leader_a).get(url).status_code == 403


def _preview_digest(client, feedback):
    page = client.get(detail(feedback))
    return page.context["preview"]["digest"], page.content.decode()


def test_publishing_masks_the_submitters_personal_data(commune_a, officer_a):
    feedback = make_feedback(commune_a, content="Tôi là Nguyễn Văn An (0912 345 678, an@example.com, "
                                                "CCCD 001085012345). Nguyễn Văn An chờ ba ngày.")
    client = client_for(officer_a)
    assert client.post(detail(feedback, "cong-khai/"), {"publish": "1"}).status_code == 302
    feedback.refresh_from_db()
    assert not feedback.is_published  # not answered yet
    client.post(detail(feedback, "tra-loi/"), {"answer": "Xã đã rút ngắn thời gian. Ông An gọi lại số 0912.345.678 "
                                                        "hoặc viết cho an@example.com nhé."})
    digest, page = _preview_digest(client, feedback)
    assert "Ông *** gọi lại số *** hoặc viết cho *** nhé." in page  # the officer's answer is masked too
    client.post(detail(feedback, "cong-khai/"), {"publish": "1", "previewed": digest})
    feedback.refresh_from_db()
    assert feedback.is_published
    page = client.get(f"/{commune_a.slug}/phan-anh/da-tra-loi/").content.decode()
    assert "Xã đã rút ngắn thời gian." in page and "chờ ba ngày" in page
    for secret in ("Nguyễn Văn An", "0912 345 678", "0912.345.678", "an@example.com", "001085012345"):
        assert secret not in page


def test_public_page_shows_exactly_the_preview_with_the_officers_own_masks(commune_a, officer_a):
    feedback = make_feedback(commune_a, title="Quán của Tư Mập lấn đường",
                             content="Quán karaoke của Tư Mập ở chợ hát đến nửa đêm.")
    client = client_for(officer_a)
    client.post(detail(feedback, "tra-loi/"), {"answer": "Xã đã nhắc nhở chủ quán Tư Mập."})
    assert client.post(detail(feedback, "che-them/"), {"mask_phrases": "tu map\n"}).status_code == 302
    digest, page = _preview_digest(client, feedback)
    preview = client.get(detail(feedback)).context["preview"]
    assert "Tư Mập" not in preview["title"] + preview["question"] + preview["answer"]
    client.post(detail(feedback, "cong-khai/"), {"publish": "1", "previewed": digest})
    public = client.get(f"/{commune_a.slug}/phan-anh/da-tra-loi/").content.decode()
    for text in (preview["title"], preview["question"], preview["answer"]):
        assert text in public
    assert "Tư Mập" not in public


def test_publishing_refuses_a_stale_preview(commune_a, officer_a):
    feedback = make_feedback(commune_a)
    client = client_for(officer_a)
    client.post(detail(feedback, "tra-loi/"), {"answer": "Đã xử lý."})
    digest, _ = _preview_digest(client, feedback)
    client.post(detail(feedback, "tra-loi/"), {"answer": "Đã xử lý, gọi 0987 654 321."})
    response = client.post(detail(feedback, "cong-khai/"), {"publish": "1", "previewed": digest}, follow=True)
    feedback.refresh_from_db()
    assert not feedback.is_published and services.PREVIEW_STALE in response.content.decode()
    assert client.post(detail(feedback, "cong-khai/"), {"publish": "1"}).status_code == 302
    feedback.refresh_from_db()
    assert not feedback.is_published  # no preview seen, nothing published


def test_answers_and_mask_phrases_never_reach_the_audit_trail(commune_a, officer_a):
    feedback = make_feedback(commune_a)
    client = client_for(officer_a)
    client.post(detail(feedback, "tra-loi/"), {"answer": "Gọi cho bà Tư ở số 0977 111 222."})
    client.post(detail(feedback, "che-them/"), {"mask_phrases": "Bà Tư Bánh Bèo"})
    with scopes_disabled():
        trail = str([e.changes for e in AuditEvent.objects.all()])
    assert "0977 111 222" not in trail and "Bánh Bèo" not in trail


def test_only_the_officer_adds_masks(commune_a, staff_a):
    feedback = make_feedback(commune_a)
    assert client_for(staff_a).post(detail(feedback, "che-them/"), {"mask_phrases": "x y"}).status_code in (403, 404)


def test_erasing_personal_data(commune_a, officer_a):
    feedback = make_feedback(commune_a)
    assert client_for(officer_a).post(detail(feedback, "xoa-thong-tin-ca-nhan/")).status_code == 302
    feedback.refresh_from_db()
    with commune_scope(commune_a):
        contact = FeedbackContact.objects.get(feedback=feedback)
    assert contact.is_empty
    assert feedback.personal_data_erased_at is not None and feedback.personal_data_erased_by == officer_a
    assert "Nguyễn Văn An" not in feedback.content and "0912 345 678" not in feedback.content
    page = client_for(officer_a).get(detail(feedback)).content.decode()
    assert "Thông tin cá nhân đã được xóa" in page and "0912345678" not in page
    with scopes_disabled():
        # the erasure is in the audit trail; the personal data never was
        events = list(AuditEvent.objects.filter(model=Feedback._meta.verbose_name, object_pk=str(feedback.pk)))
        trail = str([e.changes for e in AuditEvent.objects.all()])
    assert any("personal_data_erased_at" in e.changes for e in events)
    assert "0912345678" not in trail and "001085012345" not in trail and "an@example.com" not in trail


def test_figures_and_overdue_flag(commune_a, officer_a):
    with time_machine.travel(date(2026, 3, 1), tick=False):
        late, on_time, pending = (make_feedback(commune_a, title=t) for t in ("Trễ", "Đúng hạn", "Chưa trả lời"))
        with commune_scope(commune_a):
            for f in (late, on_time, pending):
                services.assign_feedback(f, unit=unit_of(commune_a, "office"))
    with time_machine.travel(date(2026, 3, 5), tick=False), commune_scope(commune_a):
        services.answer_feedback(on_time, answer="Đã xử lý.", user=officer_a)
        services.rate_feedback(on_time, "satisfied")
    with time_machine.travel(date(2026, 3, 20), tick=False):
        with commune_scope(commune_a):
            services.answer_feedback(late, answer="Xin lỗi vì chậm.", user=officer_a)
        client = client_for(officer_a)
        page = client.get("/phan-anh-kien-nghi/").content.decode()
        assert "Tỷ lệ xử lý đúng hạn: <strong>33,3 %" in page
        assert "không hài lòng hoặc quá hạn: <strong>33,3 %" in page
        overdue = client.get("/phan-anh-kien-nghi/?trang-thai=qua-han").content.decode()
        assert "Chưa trả lời" in overdue and "Đúng hạn" not in overdue


def test_inbox_query_count_does_not_grow(commune_a, officer_a, django_assert_max_num_queries):
    client = client_for(officer_a)
    for n in range(3):
        with commune_scope(commune_a):
            services.assign_feedback(make_feedback(commune_a, title=f"PA {n}"), unit=unit_of(commune_a, "office"))
    with django_assert_max_num_queries(12):
        client.get("/phan-anh-kien-nghi/")
    for n in range(10):
        with commune_scope(commune_a):
            services.assign_feedback(make_feedback(commune_a, title=f"PA thêm {n}"), unit=unit_of(commune_a, "economy"))
    with django_assert_max_num_queries(12):
        assert client.get("/phan-anh-kien-nghi/").status_code == 200


def test_other_commune_is_refused(commune_a, officer_a, officer_b, commune_b):
    feedback_b = make_feedback(commune_b)
    client = client_for(officer_a)
    assert client.get(detail(feedback_b)).status_code == 404
    assert client.post(detail(feedback_b, "xoa-thong-tin-ca-nhan/")).status_code == 404
    with commune_scope(commune_b):
        assert not FeedbackContact.objects.get(feedback=feedback_b).is_empty


def test_audit_trail_keeps_no_copy_of_what_residents_wrote(commune_a):
    make_feedback(commune_a)  # its content names the submitter and their phone number
    with scopes_disabled():
        trail = str(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert "0912 345 678" not in trail and "Nguyễn Văn An" not in trail
