"""A resident texts the assistant on a 320-px phone, with JavaScript on (htmx appends each turn) and off (the
form posts and the page opens at the new question): no diacritics, a follow-up, and an outside question."""

import pytest
from playwright.sync_api import expect

from tuyentruyen.procedures.tests.conftest import ascii_slug, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}


def _ask(page, question):
    page.get_by_label("Câu hỏi của bạn").fill(question)
    page.get_by_role("button", name="Hỏi", exact=True).click()


def _check_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scroll"
    # the new question is in view, not 2,000 px above or below
    top = page.evaluate("document.querySelectorAll('.turn-question')[document.querySelectorAll("
                        "'.turn-question').length - 1].getBoundingClientRect().top")
    assert -2 <= top < PHONE["height"] / 2, top


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_resident_texts_the_assistant_without_diacritics(browser, live_server, artifacts, commune_a, javascript):
    from tuyentruyen.procedures import lookup

    lookup.clear_cache()
    commune = ascii_slug(commune_a)
    load_demo(commune)
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/{commune.slug}/thu-tuc/tro-ly-ao/")
    if javascript:
        page.wait_for_function("window.htmx !== undefined")
        page.evaluate("window.samePage = true")
    replies = page.get_by_test_id("reply")

    # (question, what the new reply says, what it must not say)
    for count, (question, says, never) in enumerate([
        ("lam giay khai sinh cho con can nhung gi", ["Thủ tục phù hợp: Đăng ký khai sinh"], ["DEMO-"]),
        ("can giay to gi", ["Về thủ tục “Đăng ký khai sinh”", "Giấy tờ cần chuẩn bị", "Giấy chứng sinh"],
         ["Phí, lệ phí"]),
    ], start=1):
        _ask(page, question)
        expect(replies).to_have_count(count)
        for text in says:
            expect(replies.last).to_contain_text(text)
        for text in never:
            expect(replies.last).not_to_contain_text(text)
        _check_phone(page)

    _ask(page, "lam bang lai xe may o dau")
    expect(replies).to_have_count(3)
    expect(replies.last).to_contain_text("chưa tìm thấy thủ tục")
    expect(replies.last.get_by_role("link", name="Gửi phản ánh, kiến nghị")).to_have_attribute(
        "href", f"/{commune.slug}/phan-anh/")
    if commune.hotline:
        expect(replies.last.locator('a[href^="tel:"]')).to_be_visible()
    _check_phone(page)

    if javascript:
        assert page.evaluate("window.samePage === true"), "htmx appended the turns without reloading"
        expect(page.get_by_label("Câu hỏi của bạn")).to_have_value("")
    else:
        assert page.url.endswith("#cau-moi")
    page.screenshot(path=str(artifacts / f"procedures-assistant-320-{'js' if javascript else 'nojs'}.png"),
                    full_page=False)
    context.close()
