"""A picture inserted while writing the first draft: the draft is saved first, the picture goes into it,
and "Lưu" updates that one article (no second article, no text lost); residents see the picture."""

import re
import time

import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.portal import services
from tuyentruyen.portal.models import Article, ArticlePicture

from ..helpers import jpeg_bytes, loaded_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _articles(commune):
    with commune_scope(commune):
        return list(Article.objects.all())


def _write_first_draft(page, live_server, photo, *, save_at_once=False):
    page.goto(f"{live_server.url}/tin-bai/them/")
    page.get_by_label("Tiêu đề").fill("Họp dân về dịch vụ công trực tuyến")
    page.get_by_label("Tóm tắt").fill("Ấp Trung họp dân tối thứ Sáu tại nhà văn hóa.")
    editor = page.locator("trix-editor")
    editor.click()
    page.keyboard.type("Cán bộ xã hướng dẫn bà con nộp hồ sơ trên điện thoại.")
    page.keyboard.press("Enter")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Chèn ảnh").click()
    chooser.value.set_files(str(photo))
    if save_at_once:  # before the draft or the picture is through: "Lưu" waits for them
        page.get_by_role("button", name="Lưu").click()
        return editor
    expect(page.get_by_text("Đã tải ảnh lên. Nhớ bấm Lưu.")).to_be_visible()
    expect(editor.locator("img[src*='/tin-tuc/anh/']")).to_have_count(1)
    # Trix re-renders the picture once its address is known; type after that, at the end of the text (a
    # keystroke racing the re-render lands before it, split from the next by a line break).
    page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")
    editor.evaluate("e => e.editor.setSelectedRange(e.editor.getDocument().getLength() - 1)")
    page.keyboard.type("Bà con mang theo căn cước.", delay=20)
    expect(editor).to_contain_text("Bà con mang theo căn cước.")
    return editor


def test_a_picture_in_the_first_draft_saves_one_article_that_residents_see_with_it(
        browser, login, live_server, commune_a, editor_a, tmp_path, artifacts):
    photo = tmp_path / "hop-dan.jpg"
    photo.write_bytes(jpeg_bytes(1400, 900, (60, 140, 90)))
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    page = context.new_page()
    login(page, "bientap_a")
    _write_first_draft(page, live_server, photo)
    [draft] = _articles(commune_a)  # saved when the picture went in
    expect(page).to_have_url(re.compile(rf"/tin-bai/{draft.pk}/sua/$"))  # a reload keeps the draft
    assert page.locator("form[data-article-form]").get_attribute("action") == f"/tin-bai/{draft.pk}/sua/"
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Bản nháp")
    expect(page).to_have_url(re.compile(rf"/tin-bai/{draft.pk}/$"))

    [article] = _articles(commune_a)
    with commune_scope(commune_a):
        [picture] = ArticlePicture.objects.filter(article=article)
    assert article.pk == draft.pk and services.picture_path(picture, "1200.jpg") in article.body
    assert "Cán bộ xã hướng dẫn bà con nộp hồ sơ trên điện thoại." in article.body
    assert "Bà con mang theo căn cước." in article.body  # typed after the draft was saved

    page.get_by_role("button", name="Đăng ngay").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Đã đăng")
    context.close()

    resident = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = resident.new_page()
    page.goto(live_server.url + services.public_path(commune_a, "article", article_id=article.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Họp dân về dịch vụ công trực tuyến")
    expect(page.locator(".body picture img")).to_have_count(1)
    assert loaded_width(page.locator(".body picture img")) > 0
    page.screenshot(path=str(artifacts / "portal-first-draft-picture.png"), full_page=True)
    resident.close()


def test_saving_while_the_picture_is_going_up_still_makes_one_article_with_it(
        browser, login, live_server, commune_a, editor_a, tmp_path, monkeypatch):
    photo = tmp_path / "nha-van-hoa.jpg"
    photo.write_bytes(jpeg_bytes(1400, 900, (150, 60, 40)))
    add_picture = services.add_picture

    def slow_add_picture(*args, **kwargs):  # a slow signal: "Lưu" is surely clicked while it goes up
        time.sleep(1.5)
        return add_picture(*args, **kwargs)

    monkeypatch.setattr(services, "add_picture", slow_add_picture)  # the live server runs in this process
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    login(page, "bientap_a")
    _write_first_draft(page, live_server, photo, save_at_once=True)
    expect(page.locator("[data-editor-status]")).to_have_text("Đang tải ảnh lên; tin bài sẽ được lưu ngay khi xong…")
    expect(page.get_by_test_id("article-status")).to_have_text("Bản nháp")
    [article] = _articles(commune_a)
    with commune_scope(commune_a):
        [picture] = ArticlePicture.objects.filter(article=article)
    assert services.picture_path(picture, "1200.jpg") in article.body
    assert "Cán bộ xã hướng dẫn bà con nộp hồ sơ trên điện thoại." in article.body
    context.close()


def test_a_draft_the_form_refuses_says_why_and_keeps_the_text(browser, login, live_server, commune_a, editor_a,
                                                              tmp_path):
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(jpeg_bytes(800, 600))
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    login(page, "bientap_a")
    page.goto(f"{live_server.url}/tin-bai/them/")
    editor = page.locator("trix-editor")
    editor.click()
    page.keyboard.type("Nội dung viết trước khi có tiêu đề.")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Chèn ảnh").click()
    chooser.value.set_files(str(photo))
    expect(page.locator("[data-editor-status]")).to_contain_text("Chưa lưu được bản nháp để chèn ảnh: Tiêu đề")
    expect(editor.locator("figure")).to_have_count(0)
    expect(editor).to_contain_text("Nội dung viết trước khi có tiêu đề.")
    assert _articles(commune_a) == []
    page.get_by_label("Tiêu đề").fill("Lịch tiếp công dân")
    page.get_by_label("Tóm tắt").fill("Chủ tịch xã tiếp công dân sáng thứ Năm.")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Chèn ảnh").click()
    chooser.value.set_files(str(photo))
    expect(page.get_by_text("Đã tải ảnh lên. Nhớ bấm Lưu.")).to_be_visible()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("article-status")).to_have_text("Bản nháp")
    [article] = _articles(commune_a)
    assert "Nội dung viết trước khi có tiêu đề." in article.body and "<img" in article.body
    context.close()
