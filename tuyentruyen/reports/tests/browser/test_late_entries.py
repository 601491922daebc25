"""A unit sends its quarterly report in Chromium; an activity of that quarter recorded afterwards shows in
the next report as “bổ sung kỳ trước”, with its date, and both reports say what they cover."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tuyentruyen.conftest import unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports import services
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_late_entry_reaches_the_next_report(page, live_server, login, artifacts, commune_a, staff_a):
    with commune_scope(commune_a):
        media = unit_of(commune_a, "media_center")
        f.activity(commune_a, "radio", date(2026, 9, 2), unit=media, title="Phát thanh đầu tháng 9")
        q3 = services.get_or_create_report(commune_a, Period(2026, "q3"), media)
    login(page, "donvi_a")
    page.goto(f"{live_server.url}/bao-cao/{q3.pk}/")
    expect(page.get_by_test_id("period-statement")).to_contain_text("từ ngày 01/07/2026 đến ngày 30/09/2026")
    expect(page.get_by_test_id("period-statement")).to_contain_text("Số liệu chưa chốt")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("period-statement")).to_contain_text("Số liệu chốt lúc")

    with commune_scope(commune_a):  # recorded after the report was sent
        f.activity(commune_a, "radio", date(2026, 9, 28), unit=media, title="Phát thanh cuối quý")
        q4 = services.get_or_create_report(commune_a, Period(2026, "q4"), media)
    page.goto(f"{live_server.url}/bao-cao/{q4.pk}/")
    expect(page.get_by_test_id("period-statement")).to_contain_text("1 hoạt động bổ sung kỳ trước")
    late = page.get_by_role("region", name="Bổ sung kỳ trước")
    expect(late.get_by_role("row", name="Phát thanh cuối quý")).to_contain_text("28/09/2026")
    expect(late).to_contain_text("quý III năm 2026")
    page.screenshot(path=str(artifacts / "reports-late-entry.png"), full_page=True)

    page.goto(f"{live_server.url}/bao-cao/{q3.pk}/")
    expect(page.get_by_text("Phát thanh cuối quý")).to_have_count(0)  # the sent report is as it was sent
    docx = page.request.get(f"{live_server.url}/bao-cao/{q4.pk}/tai-ve.docx")
    assert docx.status == 200 and docx.body()[:2] == b"PK"
