"""An editor writes an article with bold text, a list and a picture without typing HTML, previews and
publishes it; a resident on a 320-px phone finds it by search and by category and sees the share links."""

import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services

from ..helpers import jpeg_bytes, loaded_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csp_refusals(page) -> list[str]:
    messages = []
    page.on("console", lambda message: messages.append(message.text)
            if "Content Security Policy" in message.text else None)
    return messages


def test_an_editor_writes_an_article_with_a_picture_and_a_resident_finds_it(
        browser, login, live_server, commune_a, editor_a, tmp_path, artifacts):
    with commune_scope(commune_a):
        services.create_category(commune_a, name="Chuyển đổi số")
        services.create_category(commune_a, name="Cải cách hành chính")
    photo = tmp_path / "hop-dan.jpg"
    photo.write_bytes(jpeg_bytes(1600, 900, (200, 120, 40)))

    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    page = context.new_page()
    refusals = _csp_refusals(page)
    login(page, "bientap_a")
    page.goto(f"{live_server.url}/tin-bai/them/")
    page.get_by_label("Tiêu đề").fill("Nộp hồ sơ khai sinh trực tuyến")
    page.get_by_label("Tóm tắt").fill("Cha mẹ làm giấy khai sinh cho con ngay tại nhà.")
    page.get_by_label("Chuyên mục").select_option(label="Cải cách hành chính")
    editor = page.locator("trix-editor")
    expect(editor).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_be_hidden()
    expect(page.get_by_role("button", name="Chữ đậm")).to_be_visible()  # the toolbar speaks Vietnamese
    editor.click()
    page.get_by_role("button", name="Chữ đậm").click()
    page.keyboard.type("Bà con lưu ý")
    page.get_by_role("button", name="Chữ đậm").click()
    page.keyboard.type(": chuẩn bị giấy tờ sau.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Danh sách", exact=True).click()
    page.keyboard.type("Giấy chứng sinh")
    page.keyboard.press("Enter")
    page.keyboard.type("Căn cước của cha hoặc mẹ")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Bản nháp")

    page.get_by_role("link", name="Sửa", exact=True).click()
    editor = page.locator("trix-editor")
    editor.get_by_text("Căn cước của cha hoặc mẹ").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # a second Enter leaves the list
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Chèn ảnh").click()
    chooser.value.set_files(str(photo))
    expect(page.get_by_text("Đã tải ảnh lên. Nhớ bấm Lưu.")).to_be_visible()
    expect(editor.locator("img[src*='/tin-tuc/anh/']")).to_have_count(1)
    expect(editor.locator("figure")).not_to_contain_text("hop-dan.jpg")  # no file name as a caption
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Bản nháp")

    page.get_by_test_id("preview-link").click()
    expect(page.get_by_test_id("preview-note")).to_be_visible()
    expect(page.locator(".body strong")).to_have_text("Bà con lưu ý")
    expect(page.locator(".body ul li")).to_have_text(["Giấy chứng sinh", "Căn cước của cha hoặc mẹ"])
    expect(page.locator(".body picture img")).to_have_count(1)
    assert loaded_width(page.locator(".body picture img")) > 0
    page.screenshot(path=str(artifacts / "portal-article-preview.png"), full_page=True)
    page.get_by_role("link", name="Quay lại tin bài").click()
    page.get_by_role("button", name="Đăng ngay").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Đã đăng")
    assert not [r for r in refusals if "script-src" in r or "style-src" in r], refusals
    context.close()

    phone = browser.new_context(viewport={"width": 320, "height": 640}, locale="vi-VN")
    page = phone.new_page()
    page.goto(f"{live_server.url}/{commune_a.slug}/tin-tuc/")
    page.get_by_label("Tìm tin").fill("ho so khai sinh")  # typed without diacritics
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("link", name="Nộp hồ sơ khai sinh trực tuyến")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_label("Tìm tin").fill("giấy phép lái xe")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_test_id("no-results")).to_be_visible()
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Chuyển đổi số").click()
    expect(page.get_by_role("link", name="Nộp hồ sơ khai sinh trực tuyến")).to_have_count(0)
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Cải cách hành chính").click()
    page.get_by_role("link", name="Nộp hồ sơ khai sinh trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ khai sinh trực tuyến")
    share = page.get_by_test_id("share")
    zalo = share.get_by_role("link", name="Zalo").get_attribute("href")
    facebook = share.get_by_role("link", name="Facebook").get_attribute("href")
    assert zalo.startswith("https://sp.zalo.me/share_inline?url=http")
    assert facebook.startswith("https://www.facebook.com/sharer/sharer.php?u=http")
    assert "tin-tuc%2F" in zalo and "tin-tuc%2F" in facebook
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(artifacts / "portal-article-phone-share.png"), full_page=True)
    phone.close()


def test_without_javascript_plain_text_keeps_its_paragraphs(browser, login, live_server, commune_a, editor_a):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    login(page, "bientap_a")
    page.goto(f"{live_server.url}/tin-bai/them/")
    page.get_by_label("Tiêu đề").fill("Lịch tiếp công dân")
    page.get_by_label("Tóm tắt").fill("Chủ tịch xã tiếp công dân sáng thứ Năm.")
    page.get_by_label("Nội dung").fill("Sáng thứ Năm hằng tuần.\nTại phòng tiếp công dân.\n\nBà con mang theo giấy tờ.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Bản nháp")
    expect(page.locator(".source p")).to_have_text(
        ["Sáng thứ Năm hằng tuần.", "Tại phòng tiếp công dân.", "Bà con mang theo giấy tờ."])
    context.close()
