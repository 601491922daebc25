import pytest
from playwright.sync_api import expect

from tuyentruyen.procedures.tests.conftest import ascii_slug, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_asks_the_assistant_on_a_phone(browser, live_server, artifacts, commune_a):
    from tuyentruyen.procedures import lookup

    lookup.clear_cache()
    commune = ascii_slug(commune_a)
    load_demo(commune)
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(f"{live_server.url}/{commune.slug}/thu-tuc/tro-ly-ao/")
    page.get_by_label("Câu hỏi của bạn").fill("lam giay khai sinh cho con can gi")
    page.get_by_role("button", name="Hỏi").click()
    reply = page.get_by_test_id("reply").last
    expect(reply).to_contain_text("Thủ tục phù hợp: Đăng ký khai sinh")
    expect(reply.get_by_role("link", name="Xem đầy đủ thủ tục “Đăng ký khai sinh”")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the conversation must not scroll sideways on a phone"
    page.screenshot(path=str(artifacts / "procedures-assistant-phone.png"), full_page=True)
    context.close()
