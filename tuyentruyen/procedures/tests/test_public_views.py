"""Residents' pages: list and search, the full record, the assistant (with and without HTMX), changes, API."""

import re

import pytest
from django.test import Client

from tuyentruyen.procedures.models import UnansweredQuestion


def url(commune, rest=""):
    return f"/{commune.slug}/thu-tuc/{rest}"


@pytest.mark.django_db
def test_public_pages_render_with_the_demo_catalogue(demo_in_a, django_assert_max_num_queries):
    client = Client()
    with django_assert_max_num_queries(8):
        listing = client.get(url(demo_in_a))
    assert listing.status_code == 200 and "Đăng ký khai sinh" in listing.content.decode()
    record = client.get(url(demo_in_a, "1.001193/")).content.decode()
    assert "Thành phần hồ sơ" in record and "Tờ khai đăng ký khai sinh theo mẫu" in record
    assert "Luật Hộ tịch số 60/2014/QH13" in record and "Dữ liệu minh họa" in record
    found = client.get(url(demo_in_a), {"q": "lam giay khai sinh cho con"}).content.decode()
    results = found.split('data-testid="search-results"')[1]
    assert results.index("Đăng ký khai sinh") < 200
    changes = client.get(url(demo_in_a, "thay-doi/")).content.decode()
    assert "Thủ tục mới" in changes and "Đăng ký khai sinh" in changes


@pytest.mark.django_db
def test_a_commune_sees_only_its_published_procedures(demo_in_a, site_b):
    from tuyentruyen.procedures.services import publish

    publish(site_b, ["1.001193"])
    client = Client()
    listing = client.get(url(site_b)).content.decode()
    assert "Đăng ký khai sinh" in listing and "Đăng ký kết hôn" not in listing
    assert client.get(url(site_b, "1.000894/")).status_code == 404  # kết hôn: published by A only
    hits = client.get(url(site_b, "api/tim-kiem"), {"q": "đăng ký kết hôn"}).json()["results"]
    # B publishes only khai sinh: the search finds it ("đăng ký") and nothing that only A publishes
    assert hits and {h["code"] for h in hits} == {"1.001193"}
    reply = client.get(url(site_b, "api/tro-ly-ao"), {"q": "đăng ký kết hôn cần gì"}).json()
    assert reply.get("procedure") != "1.000894"
    assert len(client.get(url(demo_in_a, "api/tim-kiem"), {"q": "kết hôn"}).json()["results"]) > 1


@pytest.mark.django_db
def test_the_assistant_answers_without_javascript_and_keeps_the_conversation(demo_in_a):
    client = Client()
    first = client.post(url(demo_in_a, "tro-ly-ao/"), {"q": "lam giay khai sinh cho con can gi"})
    page = first.content.decode()
    assert first.status_code == 200 and "<html" in page and "Thủ tục phù hợp: Đăng ký khai sinh" in page
    second = client.post(url(demo_in_a, "tro-ly-ao/"), {"q": "đăng ký kết hôn mất bao lâu",
                                                        "h": ["lam giay khai sinh cho con can gi"]}).content.decode()
    assert second.count('data-testid="reply"') == 2 and "Đăng ký kết hôn" in second


@pytest.mark.django_db
def test_with_htmx_only_the_new_turn_and_the_history_are_sent(demo_in_a):
    response = Client().post(url(demo_in_a, "tro-ly-ao/"), {"q": "mất bao lâu", "h": ["đăng ký khai sinh"]},
                             HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "<form" not in page and page.lstrip().startswith('<li class="turn-question"')
    # only the new turn (appended by htmx), answered about the procedure the conversation is on
    assert page.count('data-testid="reply"') == 1 and "Về thủ tục “Đăng ký khai sinh”" in page
    assert "Thời hạn giải quyết" in page and "Giấy tờ cần chuẩn bị" not in page
    # the history travels out of band, both questions in it
    assert 'id="tro-ly-lich-su" hx-swap-oob="true"' in page
    assert page.count('name="h"') == 2 and 'id="cau-moi"' not in page


@pytest.mark.django_db
def test_without_javascript_the_page_opens_at_the_new_question_and_follow_ups_are_answered(demo_in_a):
    client = Client()
    page = client.get(url(demo_in_a, "tro-ly-ao/")).content.decode()
    assert f'action="{url(demo_in_a, "tro-ly-ao/")}#cau-moi"' in page
    history = ["lam giay khai sinh cho con"]
    for question, section, absent in [
        ("can giay to gi", "Giấy tờ cần chuẩn bị", "Thời hạn giải quyết"),
        ("le phi bao nhieu", "Phí, lệ phí", "Giấy tờ cần chuẩn bị"),
        ("nop o dau", "Cơ quan giải quyết", "Phí, lệ phí"),
        ("nop online dc ko", "Có, thủ tục này nhận hồ sơ trực tuyến", "Phí, lệ phí"),
    ]:
        page = client.post(url(demo_in_a, "tro-ly-ao/"), {"q": question, "h": history}).content.decode()
        last = page[page.index('id="cau-moi"'):]
        assert "Về thủ tục “Đăng ký khai sinh”" in last and section in last and absent not in last, question
    # a question that names another procedure is not a follow-up
    page = client.post(url(demo_in_a, "tro-ly-ao/"), {"q": "dang ky ket hon can giay to gi",
                                                      "h": history}).content.decode()
    assert "Thủ tục phù hợp: Đăng ký kết hôn" in page[page.index('id="cau-moi"'):]
    # the follow-up buttons post the question as a choice
    assert 'name="chon" value="Cần giấy tờ gì?"' in page


@pytest.mark.django_db
def test_residents_see_no_demo_codes_and_the_source_once(demo_in_a):
    page = Client().post(url(demo_in_a, "tro-ly-ao/"), {"q": "xin vao ho ngheo",
                                                        "h": ["thong bao to chuc le hoi"]}).content.decode()
    shown = re.sub(r"<[^>]+>", " ", page)  # what a resident reads (links may carry codes in their address)
    assert "DEMO-" not in shown and "dữ liệu minh họa" not in shown
    assert shown.count("Bộ phận Một cửa") == 1
    detail = re.sub(r"<[^>]+>", " ", Client().get(url(demo_in_a, "DEMO-TIEP-CONG-DAN/")).content.decode())
    assert "Tiếp công dân" in detail and "DEMO-" not in detail
    assert "Mã thủ tục: 1.001193" in Client().get(url(demo_in_a, "1.001193/")).content.decode()


@pytest.mark.django_db
def test_unsure_the_assistant_offers_choices_and_a_choice_answers(demo_in_a):
    client = Client()
    reply = client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "xác nhận"}).json()
    assert reply["kind"] == "choose" and len(reply["candidates"]) >= 2
    assert all(c["url"].startswith(url(demo_in_a)) for c in reply["candidates"])
    chosen = reply["candidates"][0]
    page = client.post(url(demo_in_a, "tro-ly-ao/"), {"chon": chosen["name"], "h": ["xác nhận"]}).content.decode()
    assert f"Thủ tục phù hợp: {chosen['name']}" in page.replace("&#x27;", "'")


@pytest.mark.django_db
def test_nothing_found_offers_the_hotline_and_the_feedback_form(demo_in_a):
    reply = Client().get(url(demo_in_a, "api/tro-ly-ao"), {"q": "giá vàng hôm nay bao nhiêu"}).json()
    assert reply["kind"] == "none"
    assert reply["hotline"] == "0220 3888 999" and reply["feedback_url"] == f"/{demo_in_a.slug}/phan-anh/"
    page = Client().post(url(demo_in_a, "tro-ly-ao/"), {"q": "giá vàng hôm nay bao nhiêu"}).content.decode()
    assert 'href="tel:0220 3888 999"' in page and f'href="/{demo_in_a.slug}/phan-anh/"' in page


BAD_INPUTS = [
    "",
    "a" * 10_000,
    "😀🙏🔥",
    "<script>alert('xss')</script><img src=x onerror=alert(1)>",
    "'; DROP TABLE procedures_procedure; --",
    "1 OR 1=1 UNION SELECT password FROM accounts_user",
    "How do I register my child's birth certificate?",
    "我想登记结婚",
    "\x00\x01\x02",
]


@pytest.mark.django_db
@pytest.mark.parametrize("question", BAD_INPUTS)
def test_bad_input_gets_a_calm_answer_and_nothing_unsafe_comes_back(demo_in_a, question):
    client = Client()
    pages = (
        client.get(url(demo_in_a), {"q": question}),
        client.post(url(demo_in_a, "tro-ly-ao/"), {"q": question}),
        client.post(url(demo_in_a, "tro-ly-ao/"), {"q": question}, HTTP_HX_REQUEST="true"),
    )
    for response in pages:
        # The search box and the conversation show the resident's own words, escaped; mark-up never survives.
        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body and "'; DROP" not in body
    answers = (
        client.get(url(demo_in_a, "api/tim-kiem"), {"q": question}),
        client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": question}),
        client.post(url(demo_in_a, "api/tro-ly-ao"), {"q": question}),
        client.post(url(demo_in_a, "api/tro-ly-ao"), data={"q": question}, content_type="application/json"),
    )
    for response in answers:
        # The API never repeats the question at all.
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        body = response.content.decode()
        for fragment in ("script", "onerror", "DROP TABLE", "SELECT password", "aaaaaaaaaa", "child's", "登记"):
            assert fragment not in body


@pytest.mark.django_db
def test_api_refuses_odd_payloads_calmly(demo_in_a):
    client = Client()
    assert client.post(url(demo_in_a, "api/tro-ly-ao"), data="{not json", content_type="application/json").json()["kind"] == "none"
    assert client.post(url(demo_in_a, "api/tro-ly-ao"), data=[1, 2], content_type="application/json").json()["kind"] == "none"
    assert client.post(url(demo_in_a, "api/tro-ly-ao"), data={"q": 42}, content_type="application/json").json()["kind"] == "none"
    assert client.get(url(demo_in_a, "api/tim-kiem"), {"q": "khai sinh", "limit": "nhiều"}).status_code == 200
    assert client.post(url(demo_in_a, "api/tim-kiem"), {"q": "x"}).status_code == 405
    assert UnansweredQuestion.objects.with_scopes_disabled().count() == 0


@pytest.mark.django_db
def test_an_unknown_commune_or_procedure_is_not_found(demo_in_a):
    client = Client()
    assert client.get("/xa-khong-co/thu-tuc/").status_code == 404
    assert client.get(url(demo_in_a, "KHONG-CO/")).status_code == 404


@pytest.mark.django_db
def test_an_abolished_procedure_leaves_search_and_shows_its_status(demo_in_a):
    import json

    from tuyentruyen.procedures.importer import parse_catalogue
    from tuyentruyen.procedures.services import import_catalogue

    import_catalogue(parse_catalogue(json.dumps([{"code": "1.001193", "name": "Đăng ký khai sinh",
                                                   "status": "abolished"}]).encode()).records, source="t", partial=True)
    client = Client()
    codes = [h["code"] for h in client.get(url(demo_in_a, "api/tim-kiem"), {"q": "đăng ký khai sinh"}).json()["results"]]
    assert "1.001193" not in codes
    page = client.get(url(demo_in_a, "1.001193/")).content.decode()
    assert "Đã bãi bỏ" in page
    assert "Bãi bỏ" in client.get(url(demo_in_a, "thay-doi/")).content.decode()


KET_HON = "1.000894"  # Đăng ký kết hôn in the demo catalogue


@pytest.mark.django_db
def test_the_api_answers_a_follow_up_about_the_procedure_it_answered(demo_in_a):
    client = Client()
    first = client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "đăng ký kết hôn"}).json()
    assert first["kind"] == "answer" and first["procedure"] == KET_HON and first["context"] == KET_HON
    fee = client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "lệ phí bao nhiêu", "context": first["context"]}).json()
    assert fee["kind"] == "answer" and fee["procedure"] == KET_HON and fee["follow_up"]
    assert "Miễn lệ phí đăng ký kết hôn" in fee["text"] and fee["context"] == KET_HON
    # the same through a JSON body, the context handed on from the last reply
    time = client.post(url(demo_in_a, "api/tro-ly-ao"), data={"q": "mất bao lâu", "context": fee["context"]},
                       content_type="application/json").json()
    assert time["procedure"] == KET_HON and "không quá 05 ngày làm việc" in time["text"]
    place = client.post(url(demo_in_a, "api/tro-ly-ao"), {"q": "nộp ở đâu", "context": KET_HON}).json()
    assert place["procedure"] == KET_HON and place["follow_up"]
    # without the context the same question is about no procedure in particular
    alone = client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "lệ phí bao nhiêu"}).json()
    assert alone.get("procedure") != KET_HON and alone["context"] is None


@pytest.mark.django_db
def test_a_new_question_moves_the_context_and_a_choice_keeps_it(demo_in_a):
    client = Client()
    other = client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "đăng ký khai sinh cho con", "context": KET_HON}).json()
    assert other["procedure"] == "1.001193" and other["context"] == "1.001193"
    unsure = client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "giá vàng hôm nay", "context": KET_HON}).json()
    assert unsure["kind"] == "none" and unsure["context"] == KET_HON  # still on kết hôn for the next question


@pytest.mark.django_db
@pytest.mark.parametrize("context", ["KHONG-CO", "", "   ", "<script>alert(1)</script>", "1.000894" * 30])
def test_a_stray_context_is_ignored(demo_in_a, context):
    for reply in (
        Client().get(url(demo_in_a, "api/tro-ly-ao"), {"q": "lệ phí bao nhiêu", "context": context}),
        Client().post(url(demo_in_a, "api/tro-ly-ao"), data={"q": "lệ phí bao nhiêu", "context": context},
                      content_type="application/json"),
    ):
        assert reply.status_code == 200
        body = reply.json()
        assert body["context"] is None and body.get("procedure") != KET_HON
        assert "script" not in reply.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("context", [42, ["1.000894"], {"code": "1.000894"}, None, True])
def test_a_context_of_another_type_is_ignored(demo_in_a, context):
    reply = Client().post(url(demo_in_a, "api/tro-ly-ao"), data={"q": "lệ phí bao nhiêu", "context": context},
                          content_type="application/json")
    assert reply.status_code == 200 and reply.json()["context"] is None


@pytest.mark.django_db
def test_a_code_of_another_communes_catalogue_is_ignored(demo_in_a, site_b):
    from tuyentruyen.procedures.services import publish

    publish(site_b, ["1.001193"])  # B publishes khai sinh only; kết hôn is A's
    reply = Client().get(url(site_b, "api/tro-ly-ao"), {"q": "lệ phí bao nhiêu", "context": KET_HON}).json()
    assert reply.get("procedure") != KET_HON and reply["context"] is None
    assert "kết hôn" not in reply.get("text", "")
    own = Client().get(url(site_b, "api/tro-ly-ao"), {"q": "lệ phí bao nhiêu", "context": "1.001193"}).json()
    assert own["procedure"] == "1.001193" and own["context"] == "1.001193"


@pytest.mark.django_db
def test_the_rate_limit_counts_follow_ups_like_any_question(demo_in_a):
    from django.core.cache import cache

    from tuyentruyen.procedures.public_views import ASSISTANT_LIMITS

    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.77")
    per_address = ASSISTANT_LIMITS[0][1]
    for _ in range(per_address):
        assert client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "mất bao lâu", "context": KET_HON}).status_code == 200
    refused = client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "mất bao lâu", "context": KET_HON})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.json()["error"]
    assert Client(REMOTE_ADDR="203.0.113.78").get(url(demo_in_a, "api/tro-ly-ao"), {"q": "x"}).status_code == 200


@pytest.mark.django_db
def test_follow_ups_through_the_api_log_as_before(demo_in_a):
    client = Client()
    client.post(url(demo_in_a, "api/tro-ly-ao"), {"q": "lệ phí bao nhiêu", "context": KET_HON})  # answered
    client.get(url(demo_in_a, "api/tro-ly-ao"), {"q": "giá vàng hôm nay", "context": KET_HON})  # GET logs nothing
    client.post(url(demo_in_a, "api/tro-ly-ao"), {"q": "giá vàng hôm nay gọi 0912345678", "context": KET_HON})
    assert list(UnansweredQuestion.objects.with_scopes_disabled().values_list("text", "count")) == [
        ("gia vang hom nay goi", 1)]
