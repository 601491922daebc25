"""The commune's contacts: edited by the commune admin (/thong-tin-lien-he/), read by residents
(/<xã>/lien-he/); what was never set is not shown. A wrong link under /<xã>/ keeps the commune's frame."""

import re

import pytest
from django.test import Client

from tuyentruyen.audit.models import AuditEvent
from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import scopes_disabled

pytestmark = pytest.mark.django_db

FILLED = {
    "hotline": "0912 345 678",
    "email": "ubnd@dongthuan.gov.vn",
    "address": "Số 5 đường Trần Phú, ấp Đông",
    "office_hours": "Sáng 7:00 – 11:30\nChiều 13:30 – 17:00",
    "directory": "Trung tâm Phục vụ hành chính công | Bộ phận một cửa | 0296 3852 123\n"
                 "Công an xã | Trực ban | 0987.654.321",
    "reception": "Thứ Năm | 7:30 - 11:00 | Chủ tịch UBND xã\nThứ Ba | 13:30 - 16:30 | Phó Chủ tịch UBND xã",
}


@pytest.fixture
def site(commune_a):
    commune_a.slug = f"xa-thu-nghiem-{commune_a.pk}"
    commune_a.hotline = commune_a.address = commune_a.email = ""
    commune_a.save()
    return commune_a


def test_admin_saves_and_residents_read_it(site, admin_a):
    client = client_for(admin_a)
    assert client.get("/thong-tin-lien-he/").status_code == 200
    response = client.post("/thong-tin-lien-he/", FILLED)
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.directory[1] == {"unit": "Công an xã", "role": "Trực ban", "phone": "0987.654.321"}
    assert [s["weekday"] for s in site.reception_schedule] == [1, 3]  # sorted by day
    page = Client().get(f"/{site.slug}/lien-he/").content.decode()
    assert 'href="tel:02963852123"' in page and 'href="tel:0987654321"' in page and 'href="tel:0912345678"' in page
    assert "https://www.openstreetmap.org/search?query=S%E1%BB%91+5+%C4%91%C6%B0%E1%BB%9Dng" in page
    assert "Thứ Ba</strong>, 13:30 – 16:30: Phó Chủ tịch UBND xã" in page
    assert page.index("Thứ Ba") < page.index("Thứ Năm")
    assert "Sáng 7:00 – 11:30<br>Chiều 13:30 – 17:00" in page
    assert not re.search(r"<script(?![^>]*\bsrc=\"/)", page) and "<iframe" not in page  # no map widget
    # the edit page shows what is stored, in the shape staff typed it
    again = client.get("/thong-tin-lien-he/").content.decode()
    assert "Công an xã | Trực ban | 0987.654.321" in again and "Thứ Ba | 13:30 - 16:30 | Phó Chủ tịch UBND xã" in again
    with scopes_disabled():
        assert AuditEvent.objects.filter(object_pk=str(site.pk), changes__icontains="directory").exists()


def test_the_home_page_cache_sees_the_new_hotline(site, admin_a):
    home = Client().get(f"/{site.slug}/").content.decode()
    assert "tel:" not in home
    client_for(admin_a).post("/thong-tin-lien-he/", {**FILLED, "directory": "", "reception": ""})
    assert 'href="tel:0912345678"' in Client().get(f"/{site.slug}/").content.decode()


def test_what_was_never_set_is_not_shown(site):
    page = Client().get(f"/{site.slug}/lien-he/").content.decode()
    main = page.split('id="noi-dung"')[1].split("</main>")[0]
    assert "Xã chưa đăng thông tin liên hệ" in main
    for word in ("Đường dây nóng", "Địa chỉ", "Giờ làm việc", "Lịch tiếp công dân", "Danh bạ", "tel:", "mailto:"):
        assert word not in main


@pytest.mark.parametrize("field,value,message", [
    ("hotline", "gọi ông Ba", "không phải số điện thoại"),
    ("email", "ubnd@", "Địa chỉ thư điện tử không hợp lệ"),
    ("directory", "Công an xã | Trực ban", "Dòng 1: cần đủ 3 cột"),
    ("reception", "Thứ Năm | buổi sáng | Chủ tịch", "Dòng 1: giờ “buổi sáng” cần viết như 7:30 - 11:00"),
])
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(site, admin_a, field, value, message):
    response = client_for(admin_a).post("/thong-tin-lien-he/", {**FILLED, field: value})
    assert response.status_code == 200 and message in response.content.decode()
    site.refresh_from_db()
    assert site.hotline == "" and site.directory == [] and site.reception_schedule == []


def test_stored_values_that_do_not_fit_never_break_the_page(site):
    site.directory = [{"unit": "A"}, "x", {"unit": "Văn phòng", "role": "Chánh Văn phòng", "phone": "sai số"}]
    site.reception_schedule = {"not": "a list"}
    site.hotline = "không phải số"
    site.save()
    response = Client().get(f"/{site.slug}/lien-he/")
    page = response.content.decode()
    assert response.status_code == 200 and "Chánh Văn phòng" in page and "tel:" not in page


def test_only_the_commune_admin_edits(site, officer_a, staff_a, viewer_province):
    for user in (officer_a, staff_a, viewer_province):
        assert client_for(user).get("/thong-tin-lien-he/").status_code == 403
        assert client_for(user).post("/thong-tin-lien-he/", FILLED).status_code == 403
    assert Client().get("/thong-tin-lien-he/").status_code == 302
    site.refresh_from_db()
    assert site.hotline == ""


def test_the_phone_box_brings_up_the_phone_keypad(site, admin_a):
    page = client_for(admin_a).get("/thong-tin-lien-he/").content.decode()
    box = page.split('name="hotline"')[0].rsplit("<input", 1)[1] + page.split('name="hotline"')[1].split(">")[0]
    assert 'type="tel"' in box and 'inputmode="tel"' in box


def test_a_wrong_link_under_a_commune_leads_back_to_its_home(site):
    response = Client().get(f"/{site.slug}/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in page
    assert f'href="/{site.slug}/" data-testid="commune-home"' in page and site.committee_name in page
    missing_article = Client().get(f"/{site.slug}/tin-tuc/999999/")
    assert missing_article.status_code == 404 and f'href="/{site.slug}/" data-testid="commune-home"' in (
        missing_article.content.decode())
    elsewhere = Client().get("/khong-co-xa-nay/trang/")
    assert elsewhere.status_code == 404 and 'href="/"' in elsewhere.content.decode()
