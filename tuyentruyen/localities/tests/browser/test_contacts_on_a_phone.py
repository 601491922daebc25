"""The commune admin fills in the contacts; a resident reads them on a 320-px phone, with and without
JavaScript, and a wrong link leads back to the commune's home."""

import pytest
from playwright.sync_api import expect

from tuyentruyen.portal.tests.browser.test_public_site import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}


def test_contacts_page_and_commune_404_on_a_320px_phone(browser, page, login, live_server, commune_a, admin_a,
                                                         artifacts):
    commune_a.slug = f"xa-thu-nghiem-{commune_a.pk}"
    commune_a.save(update_fields=["slug"])
    login(page, "quantri_a")
    page.goto(f"{live_server.url}/thong-tin-lien-he/")
    page.get_by_label("Đường dây nóng").fill("0912 345 678")
    page.get_by_label("Địa chỉ trụ sở").fill("Số 5 đường Trần Phú, ấp Đông")
    page.get_by_label("Giờ làm việc").fill("Sáng 7:00 – 11:30, chiều 13:30 – 17:00, Thứ Hai đến Thứ Sáu")
    page.get_by_label("Danh bạ: đơn vị và người nghe máy").fill(
        "Trung tâm Phục vụ hành chính công | Bộ phận một cửa | 0296 3852 123")
    page.get_by_label("Lịch tiếp công dân").fill("Thứ Năm | 7:30 - 11:00 | Chủ tịch UBND xã")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thông tin liên hệ")).to_be_visible()

    for javascript in (True, False):
        context = browser.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=javascript)
        phone = context.new_page()
        phone.goto(f"{live_server.url}/{commune_a.slug}/")
        phone.get_by_role("link", name="Liên hệ", exact=True).click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text("Liên hệ")
        expect(phone.get_by_role("link", name="0296 3852 123")).to_have_attribute("href", "tel:02963852123")
        map_link = phone.get_by_role("link", name="Xem đường đi trên bản đồ").get_attribute("href")
        assert map_link.startswith("https://www.openstreetmap.org/search?query=S%E1%BB%91+5+%C4%91%C6%B0%E1%BB%9Dng")
        expect(phone.get_by_text("Thứ Năm")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if javascript:
            assert serious_violations(phone) == []
            phone.screenshot(path=str(artifacts / "contacts-320.png"), full_page=True)

        phone.goto(f"{live_server.url}/{commune_a.slug}/trang-khong-co/")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.get_by_test_id("commune-home").click()
        assert phone.url == f"{live_server.url}/{commune_a.slug}/"
        expect(phone.get_by_role("link", name="0912 345 678").first).to_be_visible()
        context.close()
