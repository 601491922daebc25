"""Questions nobody could answer are counted for editors, without personal data."""

import pytest
from django.test import Client

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.procedures.models import UnansweredQuestion
from tuyentruyen.procedures.services import log_unanswered, strip_personal_data


@pytest.mark.parametrize("question,stored", [
    ("Tôi tên Lan, sđt 0912 345 678, hỏi về vé tàu", "toi ten sdt hoi ve ve tau"),
    ("toi ten nguyen van tam o so 12 duong le loi, hoi ve ve tau", "toi ten o hoi ve ve tau"),
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
    client.post(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": "Bán vé máy bay gọi 0987654321"})
    client.post(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": "😀😀"})  # noise is not logged
    client.post(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": "đăng ký khai sinh"})  # answered
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


def _rows(commune):
    with commune_scope(commune):
        return list(UnansweredQuestion.objects.values_list("text", "count"))


@pytest.mark.django_db
def test_get_changes_nothing(demo_in_a):
    for n in range(300):
        client = Client(REMOTE_ADDR=f"10.0.{n // 100}.{n % 100}")
        assert client.get(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": f"giá vàng hôm nay {n}"}).json()["kind"] == "none"
    client.get(f"/{demo_in_a.slug}/thu-tuc/tro-ly-ao/", {"q": "giá vàng hôm nay"})
    assert _rows(demo_in_a) == []


@pytest.mark.django_db
def test_logging_is_rate_limited_per_address_and_capped_per_commune(demo_in_a, settings, time_machine):
    from django.core.cache import cache

    from tuyentruyen.procedures.public_views import UNANSWERED_LOG_LIMITS
    from tuyentruyen.procedures.services import UNANSWERED_DAILY_CAP

    cache.clear()
    time_machine.move_to("2026-03-02 09:00 +07:00", tick=False)
    url = f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao"
    per_address = UNANSWERED_LOG_LIMITS[0][1]
    robot = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(per_address + 10):
        assert robot.post(url, {"q": f"giá vàng hôm nay {n} bao nhiêu"}).json()["kind"] == "none"  # still answered
    assert len(_rows(demo_in_a)) == per_address
    # many addresses together stop at the commune's daily cap
    for n in range(UNANSWERED_DAILY_CAP):
        Client(REMOTE_ADDR=f"10.{n // 250}.{n % 250}.1").post(url, {"q": f"giá vàng hôm nay {n + 1000} bao nhiêu"})
    assert len(_rows(demo_in_a)) == UNANSWERED_DAILY_CAP
    time_machine.move_to("2026-03-03 09:00 +07:00", tick=False)  # a new day
    Client(REMOTE_ADDR="198.51.100.1").post(url, {"q": "giá vàng hôm nay 5000 bao nhiêu"})
    assert len(_rows(demo_in_a)) == UNANSWERED_DAILY_CAP + 1


@pytest.mark.django_db
def test_logged_questions_carry_no_personal_data(demo_in_a):
    Client().post(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", data={
        "q": "Toi ten Nguyen Van Tam, sdt 0912 345 678, gia vang hom nay bao nhieu"}, content_type="application/json")
    [(text, _)] = _rows(demo_in_a)
    assert "nguyen" not in text and "tam" not in text.split() and "0912" not in text
