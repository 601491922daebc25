from datetime import date

import pytest
from playwright.sync_api import expect

from tuyentruyen.lib.current import acting_as
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work import services as work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_commune_admin_filters_the_log_and_reads_it_in_vietnamese(page, login, live_server, admin_a, officer_a,
                                                                      artifacts):
    with commune_scope(admin_a.commune), acting_as(officer_a):
        work.record_activity(admin_a.commune, kind_code="radio", title="Phát thanh chuyên mục CCHC",
                             date=date(2025, 8, 1))
    login(page, "quantri_a")
    page.goto(f"{live_server.url}/nhat-ky/")
    page.get_by_text("Lọc nhật ký").click()
    page.get_by_label("Người thực hiện").select_option(label=str(officer_a))
    page.get_by_label("Loại dữ liệu").select_option(label="Hoạt động tuyên truyền")
    page.get_by_role("button", name="Lọc").click()
    row = page.get_by_role("row").filter(has_text="Phát thanh chuyên mục CCHC")
    expect(row).to_have_count(1)
    row.get_by_text("trường").click()
    expect(row.get_by_text("Tiêu đề")).to_be_visible()
    expect(row).not_to_contain_text("title")
    page.screenshot(path=str(artifacts / "audit-log-filtered.png"), full_page=True)
