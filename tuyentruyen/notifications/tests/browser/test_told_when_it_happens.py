"""In Chromium: a unit sends its report and the officer's bell shows it at once; the officer exports the
tasks to Excel and imports the same file back, which changes nothing."""

import re

import pytest
from playwright.sync_api import expect

from tuyentruyen.conftest import unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report
from tuyentruyen.work.models import Task
from tuyentruyen.work.tests.factories import issued_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bell(page):
    return page.get_by_test_id("notification-bell")


def test_a_report_sent_rings_the_officers_bell(page, login, live_server, officer_a, staff_a, artifacts):
    with commune_scope(staff_a.commune):
        report = get_or_create_report(staff_a.commune, Period(2026, "q1"), unit_of(staff_a.commune, "media_center"))
    login(page, "canbo_a")
    expect(bell(page)).to_have_attribute("aria-label", "Thông báo: 0 chưa đọc")
    page.context.clear_cookies()

    login(page, "donvi_a")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state()
    page.context.clear_cookies()

    login(page, "canbo_a")
    expect(bell(page)).to_have_attribute("aria-label", "Thông báo: 1 chưa đọc")
    bell(page).click()
    line = page.get_by_text(re.compile(r"đã gửi báo cáo quý I năm 2026, chờ tiếp nhận", re.I))
    expect(line).to_be_visible()
    page.screenshot(path=str(artifacts / "notifications-report-sent.png"), full_page=True)
    page.get_by_role("link", name=re.compile("đã gửi báo cáo", re.I)).first.click()
    expect(page).to_have_url(re.compile(rf"/bao-cao/{report.pk}/$"))
    expect(bell(page)).to_have_attribute("aria-label", "Thông báo: 0 chưa đọc")


def test_tasks_exported_and_imported_back_are_unchanged(page, login, live_server, officer_a, tmp_path):
    with commune_scope(officer_a.commune):
        issued_plan(officer_a.commune, officer_a)
        task = Task.objects.order_by("pk").first()
        task.lead_unit, task.lead_name = None, "Các phòng chuyên môn, các cơ quan đơn vị có liên quan"
        task.save()
        count = Task.objects.count()
    login(page, "canbo_a")
    page.goto(f"{live_server.url}/nhiem-vu/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    page.goto(f"{live_server.url}/nhiem-vu/excel/nhap/")
    page.locator("input[type=file]").set_input_files(str(exported))
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.get_by_text(f"0 nhiệm vụ mới, 0 cập nhật, {count} không đổi")).to_be_visible()
    with commune_scope(officer_a.commune):
        task.refresh_from_db()
        assert task.lead_unit is None and task.lead_name.startswith("Các phòng chuyên môn")
