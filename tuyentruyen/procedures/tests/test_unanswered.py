"""Questions nobody could answer are counted for editors, without personal data."""

import re

import pytest
from django.test import Client

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.procedures.models import AssistantReply, UnansweredQuestion
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


@pytest.mark.django_db
def test_lists_and_unopened_answers_are_logged_and_opening_takes_the_answer_off(demo_in_a):
    client = Client()
    client.post(f"/{demo_in_a.slug}/thu-tuc/tro-ly-ao/", {"q": "xác nhận"})  # a short list
    page = client.post(f"/{demo_in_a.slug}/thu-tuc/tro-ly-ao/", {"q": "lam giay khai sinh cho con"})
    with commune_scope(demo_in_a):
        rows = {q.text: (q.reply, q.offered.split(",")) for q in UnansweredQuestion.objects.all()}
    assert rows["xac nhan"][0] == AssistantReply.CHOOSE and len(rows["xac nhan"][1]) >= 2
    assert rows["lam giay khai sinh cho con"] == (AssistantReply.UNOPENED, ["1.001193"])
    # the answer's link carries a signed token; opening it takes the question off the list
    link = re.search(r'href="([^"]*/1\.001193/\?tl=[^"]+)"', page.content.decode()).group(1)
    assert "khai" not in link.split("?tl=")[1]  # the token is signed base64, not the question in clear
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    with commune_scope(demo_in_a):
        assert not UnansweredQuestion.objects.filter(text="lam giay khai sinh cho con").exists()
    # a forged or foreign token changes nothing
    client.post(f"/{demo_in_a.slug}/thu-tuc/tro-ly-ao/", {"q": "dang ky ket hon"})
    client.get(f"/{demo_in_a.slug}/thu-tuc/1.000894/", {"tl": "forged:token"})
    client.get(link.replace("&amp;", "&").replace("1.001193", "1.000894"))
    with commune_scope(demo_in_a):
        assert UnansweredQuestion.objects.filter(text="dang ky ket hon", reply=AssistantReply.UNOPENED).exists()
    # a follow-up about the answer also counts as read
    client.post(f"/{demo_in_a.slug}/thu-tuc/tro-ly-ao/", {"q": "mat bao lau", "h": ["dang ky ket hon"]})
    with commune_scope(demo_in_a):
        assert not UnansweredQuestion.objects.filter(text="dang ky ket hon").exists()
        assert not UnansweredQuestion.objects.filter(text="mat bao lau").exists()


@pytest.mark.django_db
def test_one_click_turns_a_question_into_the_communes_own_phrasing(demo_in_a, officer_a, site_b):
    from tuyentruyen.procedures import lookup
    from tuyentruyen.procedures.models import SynonymEntry

    lookup.clear_cache()
    log_unanswered(demo_in_a, "muốn xin vô danh sách nhà khó khăn thì làm sao", AssistantReply.CHOOSE,
                   ["DEMO-CONG-NHAN-HO-NGHEO-HO-CAN-NGHEO", "1.001776"])
    client = client_for(officer_a)
    page = client.get("/thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/").content.decode()
    assert "Là “Công nhận hộ nghèo, hộ cận nghèo”" in page and "Đưa danh sách để chọn" in page
    with commune_scope(demo_in_a):
        question = UnansweredQuestion.objects.get()
    response = client.post(f"/thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/{question.pk}/thanh-cach-noi/",
                           {"code": "DEMO-CONG-NHAN-HO-NGHEO-HO-CAN-NGHEO"})
    assert response.status_code == 302
    with commune_scope(demo_in_a):
        entry = SynonymEntry.objects.get(commune=demo_in_a)
        assert not UnansweredQuestion.objects.exists()
    # fillers trimmed from both ends; the target is the procedure's name
    assert entry.phrase == "vo danh sach nha kho khan" and entry.terms == "Công nhận hộ nghèo, hộ cận nghèo"
    reply = Client().get(f"/{demo_in_a.slug}/thu-tuc/api/tro-ly-ao", {"q": "vo danh sach nha kho khan"}).json()
    assert reply["kind"] == "answer" and reply["procedure"] == "DEMO-CONG-NHAN-HO-NGHEO-HO-CAN-NGHEO"
    with commune_scope(site_b):
        assert not SynonymEntry.objects.filter(commune=site_b).exists()  # the commune's own, nobody else's
    # a procedure the commune does not publish cannot be targeted
    log_unanswered(demo_in_a, "câu khác hẳn", AssistantReply.NONE)
    with commune_scope(demo_in_a):
        other = UnansweredQuestion.objects.get()
    client.post(f"/thu-tuc-hanh-chinh/cau-hoi-chua-tra-loi/{other.pk}/thanh-cach-noi/", {"code": "NOPE"})
    with commune_scope(demo_in_a):
        assert UnansweredQuestion.objects.filter(pk=other.pk).exists()
