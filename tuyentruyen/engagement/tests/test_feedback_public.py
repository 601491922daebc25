import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tuyentruyen.engagement.models import Feedback, FeedbackAttachment, FeedbackContact, FeedbackStatus
from tuyentruyen.engagement.public_views import FEEDBACK_LIMITS
from tuyentruyen.engagement.services import CODE_ALPHABET, CODE_LENGTH, answer_feedback
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.tests.sample_files import pdf_bytes

from .conftest import make_feedback

pytestmark = pytest.mark.django_db

FORM = {"category": "procedure", "title": "Chờ lâu", "content": "Tôi chờ ba ngày chưa có kết quả.",
        "full_name": "Trần Thị Bích", "phone": "0987 654 321"}


def url(commune, tail="phan-anh/"):
    return f"/{commune.slug}/{tail}"


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="PNG")
    return buffer.getvalue()


def stored():
    with scopes_disabled():
        return Feedback.objects.count()


def test_resident_submits_and_gets_a_tracking_code(commune_a):
    response = Client().post(url(commune_a), FORM)
    assert response.status_code == 302
    with commune_scope(commune_a):
        feedback = Feedback.objects.get()
        contact = FeedbackContact.objects.get(feedback=feedback)
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", feedback.code)
    assert contact.full_name == "Trần Thị Bích" and contact.phone == "0987 654 321"
    page = Client().get(response["Location"])
    assert page.status_code == 200 and feedback.code in page.content.decode()
    assert "Trần Thị Bích" not in page.content.decode()  # the tracking page shows no personal data


def test_form_page_answers_in_vietnamese(commune_a):
    response = Client().get(url(commune_a))
    assert response.status_code == 200 and "Gửi phản ánh, kiến nghị" in response.content.decode()


def test_codes_are_unique_and_unpredictable(commune_a):
    codes = {make_feedback(commune_a).code for _ in range(20)}
    assert len(codes) == 20


def test_missing_content_is_refused_and_nothing_saved(commune_a):
    response = Client().post(url(commune_a), {**FORM, "content": ""})
    assert response.status_code == 400 and stored() == 0


def test_honeypot_keeps_nothing(commune_a):
    response = Client().post(url(commune_a), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400 and stored() == 0


def test_text_is_stored_as_text_and_escaped_on_output(commune_a):
    Client().post(url(commune_a), {**FORM, "title": "<script>alert(1)</script>", "content": "<b>đậm</b>"})
    with commune_scope(commune_a):
        feedback = Feedback.objects.get()
    assert feedback.content == "<b>đậm</b>"
    html = Client().get(url(commune_a, f"phan-anh/theo-doi/{feedback.code}/")).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;đậm" in html


def test_oversized_text_is_refused(commune_a):
    response = Client().post(url(commune_a), {**FORM, "content": "x" * 5001})
    assert response.status_code == 400 and stored() == 0


def test_attachments_are_judged_by_content(commune_a):
    fake = SimpleUploadedFile("anh.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = Client().post(url(commune_a), {**FORM, "attachments": [fake]})
    assert response.status_code == 400 and stored() == 0
    good = [SimpleUploadedFile("anh.jpg", png(), content_type="image/jpeg"),
            SimpleUploadedFile("giay.bin", pdf_bytes(), content_type="application/octet-stream")]
    assert Client().post(url(commune_a), {**FORM, "attachments": good}).status_code == 302
    with commune_scope(commune_a):
        types = sorted(FeedbackAttachment.objects.values_list("content_type", flat=True))
        names = list(FeedbackAttachment.objects.values_list("path", flat=True))
    assert types == ["application/pdf", "image/png"]
    assert all(not n.endswith((".jpg", ".bin")) for n in names)  # stored under the judged type


def test_too_many_attachments_refused(commune_a):
    files = [SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.4", content_type="application/pdf") for n in range(4)]
    assert Client().post(url(commune_a), {**FORM, "attachments": files}).status_code == 400
    assert stored() == 0


def test_request_size_cap(commune_a):
    response = Client().post(url(commune_a), FORM, CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413 and stored() == 0


HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# One second before a ten-minute boundary: a fixed window let the flood through twice here.
BOUNDARY = datetime(2026, 3, 2, 9, 59, 59, tzinfo=HCM)


def test_flood_from_one_address_is_throttled_without_losing_others(commune_a):
    flooder = Client(REMOTE_ADDR="203.0.113.9")
    burst = FEEDBACK_LIMITS[0][1]
    with time_machine.travel(BOUNDARY, tick=False) as clock:
        statuses = [flooder.post(url(commune_a), {**FORM, "title": f"Spam {n}"}).status_code for n in range(500)]
        clock.shift(2)  # across the boundary
        statuses += [flooder.post(url(commune_a), {**FORM, "title": f"Spam {n}"}).status_code for n in range(500)]
    assert stored() == burst
    assert statuses.count(302) == burst and statuses.count(429) == 1000 - burst
    for n in range(3):
        resident = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert resident.post(url(commune_a), {**FORM, "title": f"Thật {n}"}).status_code == 302
    with scopes_disabled():
        assert Feedback.objects.filter(title__startswith="Thật").count() == 3


def test_the_window_slides(commune_a):
    client = Client(REMOTE_ADDR="203.0.113.10")
    burst, window = FEEDBACK_LIMITS[0][1], FEEDBACK_LIMITS[0][2]
    with time_machine.travel(BOUNDARY, tick=False) as clock:
        for n in range(burst):
            assert client.post(url(commune_a), {**FORM, "title": f"Lần {n}"}).status_code == 302
            clock.shift(60)
        assert client.post(url(commune_a), FORM).status_code == 429
        clock.shift(window - burst * 60 + 1)  # the first one is now more than a window old
        assert client.post(url(commune_a), FORM).status_code == 302
        assert client.post(url(commune_a), FORM).status_code == 429


def test_refused_forms_do_not_use_the_quota(commune_a):
    client = Client(REMOTE_ADDR="203.0.113.11")
    burst = FEEDBACK_LIMITS[0][1]
    with time_machine.travel(BOUNDARY, tick=False):
        for _ in range(burst * 3):  # typos: the title left out
            assert client.post(url(commune_a), {**FORM, "title": ""}).status_code == 400
        assert [client.post(url(commune_a), FORM).status_code for _ in range(burst)] == [302] * burst


def test_forwarded_headers_do_not_reset_the_limit(commune_a, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    burst = FEEDBACK_LIMITS[0][1]
    with time_machine.travel(BOUNDARY, tick=False):
        statuses = [Client(REMOTE_ADDR="203.0.113.12", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}",
                           HTTP_X_REAL_IP=f"10.2.2.{n}").post(url(commune_a), FORM).status_code
                    for n in range(burst + 5)]
    assert statuses.count(302) == burst


def test_lookup_and_rating(commune_a, officer_a):
    feedback = make_feedback(commune_a)
    client = Client()
    assert client.get(url(commune_a, "phan-anh/tra-cuu/"), {"ma": feedback.code.lower()})["Location"].endswith(
        f"/phan-anh/theo-doi/{feedback.code}/")
    assert client.get(url(commune_a, "phan-anh/tra-cuu/"), {"ma": "KHONGCO2345"}).status_code == 404
    track = url(commune_a, f"phan-anh/theo-doi/{feedback.code}/")
    assert client.post(track, {"rating": "unsatisfied"}).status_code == 400  # not answered yet
    with commune_scope(commune_a):
        answer_feedback(feedback, answer="Đã giải quyết.", user=officer_a)
    assert client.post(track, {"rating": "unsatisfied"}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.rating == "unsatisfied" and feedback.status == FeedbackStatus.ANSWERED


def test_another_communes_code_is_not_found(commune_a, commune_b):
    feedback_b = make_feedback(commune_b)
    assert Client().get(url(commune_a, f"phan-anh/theo-doi/{feedback_b.code}/")).status_code == 404
