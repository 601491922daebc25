"""The public site opens with no signal: what the service worker kept, and the offline page otherwise."""

import pytest
from playwright.sync_api import expect

from tuyentruyen.procedures.tests.conftest import load_demo

from ..conftest import publish, write_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Evaluated as a function (a string expression would be eval'd in the page, which its CSP refuses).
CONTROLLED = """async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 300 && !navigator.serviceWorker.controller; i++) await new Promise(r => setTimeout(r, 100));
    return navigator.serviceWorker.controller !== null;
}"""


@pytest.fixture
def site(commune_a, editor_a):
    commune_a.hotline = "0296 3800 111"
    commune_a.save()
    publish(write_article(commune_a, editor_a, title="Lịch tiếp nhận hồ sơ dịp cuối năm"), editor_a)
    load_demo(commune_a)
    return commune_a


def test_the_site_opens_offline_to_news_procedures_and_hotline(browser, live_server, site, artifacts):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="vi-VN")
    page = context.new_page()
    home = f"{live_server.url}/{site.slug}/"
    page.goto(home)
    # installed: the worker controls the page once its cache is filled
    assert page.evaluate(CONTROLLED)
    context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("link", name="Lịch tiếp nhận hồ sơ dịp cuối năm").first).to_be_visible()
        page.get_by_role("link", name="Lịch tiếp nhận hồ sơ dịp cuối năm").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Lịch tiếp nhận hồ sơ dịp cuối năm")
        page.goto(f"{home}thu-tuc/")
        expect(page.get_by_text("Đăng ký khai sinh").first).to_be_visible()
        page.goto(f"{home}lien-he/")
        expect(page.locator('a[href="tel:02963800111"]').first).to_be_visible()
        page.goto(f"{home}phan-anh/")  # a form: never kept
        expect(page.get_by_role("heading", level=1)).to_have_text("Bạn đang ngoại tuyến")
        expect(page.locator('main a[href="tel:02963800111"]')).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.screenshot(path=str(artifacts / "portal-offline-phone.png"), full_page=True)
    finally:
        context.set_offline(False)
    # back online, pages come from the network again
    page.goto(f"{home}phan-anh/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Bạn đang ngoại tuyến")
    context.close()
