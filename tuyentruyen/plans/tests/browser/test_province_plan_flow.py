"""The province plan path in Chromium: the province officer imports, the leader approves, the officer
issues; the commune officer is told and derives the commune's plan; the province sees it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_MD = Path(__file__).resolve().parents[2] / "demo" / "ke-hoach-demo.md"


def _logout(page):
    # Logging out first clears what the offline queue kept on the device (work/static/work/offline-queue.js),
    # then submits: wait for that navigation, not only for the current page's load.
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()


def test_the_province_issues_its_plan_and_the_commune_derives_from_it(
        page, login, live_server, province_officer, province_leader, officer_a, commune_b, artifacts):
    login(page, "tinh_canbo")
    page.get_by_test_id("main-nav").get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Nhập từ tệp Word/PDF").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(DEMO_MD))
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", name="Xem lại kế hoạch vừa đọc")).to_be_visible()
    page.get_by_role("button", name="Lưu thành dự thảo").click()
    expect(page.get_by_text("Đã lưu kế hoạch thành bản dự thảo.")).to_be_visible()
    expect(page.get_by_text("Ủy ban nhân dân", exact=False).first).to_be_visible()
    plan_url = page.url
    page.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(page.get_by_text("Đã trình", exact=True)).to_be_visible()
    _logout(page)

    login(page, "tinh_lanhdao")
    page.goto(plan_url)
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã duyệt", exact=True)).to_be_visible()
    expect(page.locator("#ban-hanh")).to_have_count(0)  # the officer issues, not the leader
    _logout(page)

    login(page, "tinh_canbo")
    page.goto(plan_url)
    form = page.locator("#ban-hanh")
    form.get_by_label("Số văn bản").fill("15/KH-UBND")
    form.get_by_label("Ngày ban hành").fill("2026-01-06")
    form.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_text("Kế hoạch đã được ban hành.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về Word (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    _logout(page)

    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "canbo_a")
    page.goto(f"{live_server.url}/thong-bao/")
    expect(page.get_by_text("Tỉnh ban hành Kế hoạch số 15/KH-UBND").first).to_be_visible()
    page.get_by_test_id("main-nav").get_by_role("link", name="Kế hoạch", exact=True).click()
    card = page.locator("section.highlight")
    expect(card).to_contain_text("Xã chưa có kế hoạch cho kỳ này")
    page.screenshot(path=str(artifacts / "province-plan-derive-card-phone.png"), full_page=False)
    card.get_by_role("button", name="Lập kế hoạch của xã từ kế hoạch của tỉnh").click()
    expect(page.get_by_text("Đã lập dự thảo kế hoạch mới từ kế hoạch nguồn.")).to_be_visible()
    expect(page.get_by_text("Ủy ban nhân dân xã An Hòa").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _logout(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "tinh_canbo")
    page.get_by_test_id("main-nav").get_by_role("link", name="Kế hoạch của các xã").click()
    expect(page.get_by_text("0 / 2 xã đã ban hành", exact=False)).to_be_visible()
    expect(page.get_by_role("row", name="An Hòa")).to_contain_text("Lập từ kế hoạch của tỉnh")
