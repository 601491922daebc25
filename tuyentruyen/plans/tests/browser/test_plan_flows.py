from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_MD = Path(__file__).resolve().parents[2] / "demo" / "ke-hoach-demo.md"


def test_officer_imports_reviews_saves_edits_and_downloads(page, login, live_server, officer_a, artifacts):
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "canbo_a")
    page.get_by_test_id("main-nav").get_by_role("link", name="Kế hoạch").click()
    page.get_by_role("link", name="Nhập từ tệp Word/PDF").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(DEMO_MD))
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", name="Xem lại kế hoạch vừa đọc")).to_be_visible()
    expect(page.get_by_role("heading", name="Văn bản gốc")).to_be_visible()
    page.screenshot(path=str(artifacts / "plan-import-review-phone.png"), full_page=False)
    page.get_by_role("button", name="Lưu thành dự thảo").click()
    expect(page.get_by_text("Đã lưu kế hoạch thành bản dự thảo.")).to_be_visible()

    page.get_by_role("link", name="Căn cứ").click()
    citation = page.locator("#new-citation")
    citation.fill("Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ")
    expect(page.locator("#new-preview")).to_contain_text("23/CT-TTg")  # parsed while typing (HTMX)
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()

    page.get_by_role("link", name="Quay lại kế hoạch").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về Word (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
