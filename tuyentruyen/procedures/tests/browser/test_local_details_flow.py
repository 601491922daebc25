import pytest
from playwright.sync_api import expect

from tuyentruyen.procedures.tests.conftest import ascii_slug, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_writes_the_communes_counter_and_residents_see_it(browser, live_server, artifacts, login,
                                                                     commune_a, officer_a):
    from tuyentruyen.procedures import lookup

    lookup.clear_cache()
    commune = ascii_slug(commune_a)
    load_demo(commune)
    page = browser.new_page()
    login(page, officer_a.username)
    page.goto(f"{live_server.url}/thu-tuc-hanh-chinh/?q=khai+sinh")
    page.get_by_role("row").filter(has_text="1.001193").get_by_role("link", name="Thông tin tại xã", exact=True).click()
    expect(page.get_by_role("heading", name="Thông tin tại xã")).to_be_visible()
    page.get_by_label("Nơi nộp hồ sơ tại xã").fill("Quầy số 3, Trung tâm Phục vụ hành chính công")
    page.get_by_label("Thời gian tiếp nhận").fill("Sáng thứ Bảy, 7 giờ 30 đến 11 giờ 30")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu thông tin tại xã")
    page.goto(f"{live_server.url}/{commune.slug}/thu-tuc/1.001193/")
    expect(page.get_by_role("heading", name=f"Tại {commune.full_name}")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Quầy số 3, Trung tâm Phục vụ hành chính công")
    page.screenshot(path=str(artifacts / "procedures-local-details.png"), full_page=True)
    page.close()
