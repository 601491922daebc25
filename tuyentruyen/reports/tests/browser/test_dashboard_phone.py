from datetime import date

import pytest
from playwright.sync_api import expect

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_dashboard_on_a_phone(browser, live_server, artifacts, commune_a):
    create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")
    with commune_scope(commune_a):
        media = unit_of(commune_a, "media_center")
        for day in (date(2026, 1, 5), date(2026, 2, 6), date(2026, 2, 7)):
            f.activity(commune_a, "banner", day, unit=media, evidence_url="https://x.vn/a")
        f.activity(commune_a, "radio", date(2026, 3, 1), unit=media)
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    page.get_by_test_id("main-nav").get_by_role("link", name="Tổng quan").click()
    page.goto(f"{live_server.url}/tong-quan/?ky=2026-q1")
    chart = page.get_by_role("img", name="Số hoạt động theo tháng và hình thức")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] <= 375 and box["height"] > 100  # fits the phone, still readable
    table = page.get_by_test_id("table-months")
    expect(table).to_be_hidden()  # folded under the chart: one tap away
    page.get_by_text("Bảng số liệu theo tháng").click()
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Băng rôn, khẩu hiệu, pa nô, áp phích 1 2 0 3")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1  # no sideways scrolling
    page.screenshot(path=str(artifacts / "reports-dashboard-phone.png"), full_page=True)
    context.close()
