import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tuyentruyen.conftest import client_for
from tuyentruyen.notifications.models import Notification
from tuyentruyen.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(officer_a):
    return notify(officer_a, title="Nhiệm vụ của tôi", body="Chi tiết", url="/don-vi/", key="mine")


@pytest.fixture
def theirs(staff_a):
    return notify(staff_a, title="Của người khác", url="/don-vi/", key="theirs")


def test_it_lists_my_notifications_newest_first(officer_a, mine, theirs):
    newer = notify(officer_a, title="Mới hơn")
    response = client_for(officer_a).get("/thong-bao/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index(newer.title) < text.index(mine.title)
    assert f"/thong-bao/{mine.pk}/mo/" in text
    assert theirs.title not in text


def test_it_paginates(officer_a):
    for number in range(25):
        notify(officer_a, title=f"Thông báo số {number:02d}")
    client = client_for(officer_a)
    assert "Thông báo số 24" in client.get("/thong-bao/").content.decode()
    second = client.get("/thong-bao/?trang=2").content.decode()
    assert "Thông báo số 00" in second and "Trang 2/2" in second


def test_opening_marks_read_and_follows_the_link(officer_a, mine):
    response = client_for(officer_a).get(f"/thong-bao/{mine.pk}/mo/")
    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_never_redirects_off_site(officer_a):
    n = notify(officer_a, title="Lạ", url="https://evil.example/")
    assert client_for(officer_a).get(f"/thong-bao/{n.pk}/mo/")["Location"] == "/thong-bao/"


def test_it_marks_one_read(officer_a, mine):
    response = client_for(officer_a).post(f"/thong-bao/{mine.pk}/da-doc/", {"trang": "1"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_it_marks_all_mine_read_and_nobody_elses(officer_a, mine, theirs):
    client_for(officer_a).post("/thong-bao/da-doc-tat-ca/")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


@pytest.mark.parametrize("url", ["/thong-bao/{pk}/mo/", "/thong-bao/{pk}/da-doc/"])
def test_it_checks_ownership(officer_a, officer_b, theirs, url):
    b_row = notify(officer_b, title="Của xã B", key="b")
    for row in (theirs, b_row):  # same commune, other person; other commune
        assert client_for(officer_a).post(url.format(pk=row.pk)).status_code == 404
    assert Notification.personal.filter(read_at__isnull=False).count() == 0


def test_the_bell_shows_my_unread_count(officer_a, mine, theirs):
    notify(officer_a, title="Hai", key="2")
    text = client_for(officer_a).get("/thong-bao/").content.decode()
    assert 'aria-label="Thông báo: 2 chưa đọc"' in text
    client_for(officer_a).post("/thong-bao/da-doc-tat-ca/")
    assert 'aria-label="Thông báo: 0 chưa đọc"' in client_for(officer_a).get("/").content.decode()


def test_the_bell_costs_one_query_however_many_rows(officer_a, django_assert_num_queries):
    client = client_for(officer_a)
    client.get("/")  # warm up: session, permissions caches
    notify(officer_a, title="Một")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for number in range(30):
        notify(officer_a, title=f"Thông báo {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/")
    assert 'aria-label="Thông báo: 31 chưa đọc"' in response.content.decode()
    counts = [q["sql"] for q in few.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT" in counts[0]


def test_the_list_page_queries_do_not_grow_with_rows(officer_a, django_assert_max_num_queries):
    client = client_for(officer_a)
    notify(officer_a, title="Một")
    client.get("/thong-bao/")
    for number in range(19):
        notify(officer_a, title=f"Thông báo {number}", url="/don-vi/")
    with django_assert_max_num_queries(12):
        client.get("/thong-bao/")


def test_anonymous_visitors_get_no_bell(client):
    text = client.get("/dang-nhap/").content.decode()
    assert "Thông báo:" not in text
    assert client.get("/thong-bao/chuong/").content == b""


def test_the_bell_refresh_endpoint(officer_a, mine):
    text = client_for(officer_a).get("/thong-bao/chuong/").content.decode()
    assert 'aria-label="Thông báo: 1 chưa đọc"' in text and "<html" not in text


def test_a_province_viewer_has_a_bell_and_a_list(viewer_province, commune_a):
    row = notify(viewer_province, title="Xã chưa nộp báo cáo")
    client = client_for(viewer_province)
    text = client.get("/thong-bao/").content.decode()
    assert row.title in text and 'aria-label="Thông báo: 1 chưa đọc"' in text
    assert client.get(f"/thong-bao/{row.pk}/mo/").status_code == 302
    row.refresh_from_db()
    assert row.read_at is not None
