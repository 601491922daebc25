import re

import pytest
from playwright.sync_api import expect

from tuyentruyen.engagement.services import CODE_ALPHABET, CODE_LENGTH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_on_a_phone_sends_feedback_and_sees_the_tracking_code(browser, live_server, artifacts, commune_a):
    commune_a.slug = "xa-an-hoa-90001"
    commune_a.save(update_fields=["slug"])
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(f"{live_server.url}/{commune_a.slug}/phan-anh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gửi phản ánh, kiến nghị")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the form fits the phone
    text_box = page.get_by_label("Nội dung").bounding_box()
    assert text_box["x"] + text_box["width"] <= 375
    page.get_by_label("Phản ánh, kiến nghị về").select_option("conduct")
    page.get_by_label("Tiêu đề").fill("Cán bộ hướng dẫn chưa rõ")
    page.get_by_label("Nội dung").fill("Tôi phải đi lại ba lần mới nộp được hồ sơ chứng thực.")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nhận phản ánh của Ông/Bà")
    code = page.get_by_test_id("tracking-code")
    expect(code).to_have_text(re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    page.screenshot(path=str(artifacts / "engagement-feedback-phone.png"), full_page=True)
    context.close()
