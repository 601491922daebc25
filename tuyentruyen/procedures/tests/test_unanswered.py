"""Questions nobody could answer are counted for editors, without personal data."""

import pytest
from django.test import Client

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.procedures.models import UnansweredQuestion
from tuyentruyen.procedures.services import log_unanswered, strip_personal_data


@pytest.mark.parametrize("question,stored", [
    ("Tôi tên Lan, sđt 0912 345 678, hỏi về vé tàu", "toi ten lan sdt hoi ve ve tau"),
    ("CCCD 001234567890 của tôi bị mất, email lan.nguyen@example.com", "cccd cua toi bi mat email"),
    ("CMND 123456789 hết hạn, gọi +84 912.345.678", "cmnd het han goi"),
    ("Nuôi  chó  mèo cần gì?", "nuoi cho meo can gi"),
])
def test_personal_data_is_stripped_and_the_text_folded(question, stored):
    assert strip_personal_data(question) == stored


@pytest.mark.django_db
def test_unanswered_questions_are_logged_once_with_a_count(demo_in_a):
    client = Client()
    for _ in range(2):
        client.post(f"/{demo_in_a.slug}/thu-tuc/tro-ly-ao/", {"q": "bán vé máy bay, gọi 0912345678"})
    client.get(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": "Bán vé máy bay gọi 0987654321"})
    client.get(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": "😀😀"})  # noise is not logged
    client.get(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": "đăng ký khai sinh"})  # answered
    with commune_scope(demo_in_a):
        rows = list(UnansweredQuestion.objects.values_list("text", "count"))
    assert rows == [("ban ve may bay goi", 3)]


@pytest.mark.django_db
def test_editors_see_the_most_frequent_first_and_can_dismiss(site_a, officer_a, site_b, django_assert_max_num_queries):
    for _ in range(3):
        log_unanswered(site_a, "nuôi chó mèo")
    log_unanswered(site_a, "vé máy bay")
    log_unanswered(site_b, "câu hỏi của xã khác")
    client = client_for(officer_a)
    with django_assert_max_num_queries(12):
        page = client.get("/thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/").content.decode()
    assert page.index("nuoi cho meo") < page.index("ve may bay") and "xa khac" not in page
    with commune_scope(site_a):
        question = UnansweredQuestion.objects.get(text="ve may bay")
    assert client.post(f"/thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/{question.pk}/xoa/").status_code == 302
    with commune_scope(site_b):
        other = UnansweredQuestion.objects.get()
    assert client.post(f"/thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/{other.pk}/xoa/").status_code == 404
