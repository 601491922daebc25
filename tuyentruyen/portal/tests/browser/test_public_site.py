import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services

from ..conftest import publish, write_article
from ..helpers import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def serious_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: a <script> tag would be refused by the page's CSP.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def site(commune_a, editor_a):
    commune_a.hotline, commune_a.address = "0296 3800 111", "Ấp Trung, xã An Hòa"
    commune_a.save()
    for i in range(3):
        article = write_article(commune_a, editor_a, title=f"Tin cải cách hành chính số {i + 1}",
                                summary="Bà con có thể nộp hồ sơ trực tuyến tại nhà.",
                                body="<h2>Cách làm</h2><p>Vào Cổng dịch vụ công.</p><ul><li>Bước một</li></ul>")
        with commune_scope(commune_a):
            services.add_picture(article, editor_a, jpeg_bytes(1600, 1000), f"Ảnh minh họa tin số {i + 1}")
        publish(article, editor_a)
    return commune_a


def test_public_home_on_a_phone_is_accessible(browser, live_server, site, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN")
    page = context.new_page()
    for path, name in ((f"/{site.slug}/", "home"), (f"/{site.slug}/tin-tuc/", "news")):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("link", name=site.full_name)).to_be_visible()
        expect(page.get_by_role("link", name="Đăng nhập cán bộ")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert serious_violations(page) == []
        page.screenshot(path=str(artifacts / f"portal-{name}-phone.png"), full_page=True)
    page.get_by_role("link", name="Tin cải cách hành chính số 1").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tin cải cách hành chính số 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(page) == []
    # the phone is given the 480-px rendition, not the 1200-px one
    assert "/480." in page.evaluate("document.querySelector('.cover img').currentSrc")
    context.close()


def test_an_editor_writes_and_publishes_an_article(page, login, live_server, commune_a, editor_a):
    login(page, "bientap_a")
    page.get_by_test_id("main-nav").get_by_role("link", name="Tin bài").click()
    page.get_by_role("link", name="Viết tin bài").click()
    page.get_by_label("Tiêu đề").fill("Lịch tiếp công dân tháng này")
    page.get_by_label("Tóm tắt").fill("Chủ tịch xã tiếp công dân vào sáng thứ Năm hằng tuần.")
    editor = page.locator("trix-editor")
    editor.click()
    page.keyboard.type("Bà con đến ")
    # Bold on and off with the toolbar's button, each time once Trix has taken in what was typed and shows
    # the state: a shortcut pressed while Trix still processed the typing went into the wrong run.
    bold = page.locator('trix-toolbar button[data-trix-attribute="bold"]')
    expect(editor).to_contain_text("Bà con đến")
    bold.click()
    expect(bold).to_have_class(re.compile("trix-active"))
    page.keyboard.type("trụ sở xã")
    expect(editor).to_contain_text("trụ sở xã")
    bold.click()
    expect(bold).not_to_have_class(re.compile("trix-active"))
    page.keyboard.type(". <script>alert(1)</script>")  # typed text, shown as text
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Bản nháp")
    page.get_by_role("button", name="Đăng ngay").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Đã đăng")
    page.get_by_role("link", name="Xem trên trang của xã").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch tiếp công dân tháng này")
    expect(page.locator(".body strong")).to_have_text("trụ sở xã")
    assert page.locator("main script").count() == 0  # the body's script was dropped
    # the page's own scripts (the service worker's registration) are static files only
    assert page.evaluate("() => [...document.scripts].every(s => s.src.includes('/static/'))")
    expect(page.locator(".body")).to_contain_text("<script>alert(1)</script>")
    page.goto(f"{live_server.url}/{commune_a.slug}/")
    expect(page.get_by_role("link", name="Lịch tiếp công dân tháng này")).to_be_visible()
