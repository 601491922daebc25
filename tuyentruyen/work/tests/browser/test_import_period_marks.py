"""An officer uploads an activities sheet in Chromium: a row dated outside the plan's period is refused
naming the sheet's column "Ngoài kỳ kế hoạch" (not the form's checkbox); answered "Có", it imports."""

import io
from datetime import datetime

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work import xlsx
from tuyentruyen.work.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sheet_file(tmp_path, outside: str):
    wb = Workbook()
    ws = wb.active
    ws.append([c.label for c in xlsx.ACTIVITY_COLUMNS])
    values = {"date": datetime(2025, 3, 1), "unit": "Trung tâm Dịch vụ sự nghiệp công",
              "kind": "Phát thanh trên đài truyền thanh", "title": "Phát thanh trước kỳ kế hoạch",
              "is_public": "Không", "outside_plan_period": outside}
    ws.append([values.get(c.key) for c in xlsx.ACTIVITY_COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / f"hoat-dong-{outside or 'trong'}.xlsx"
    path.write_bytes(out.getvalue())
    return path


def test_an_officer_answers_outside_the_period_in_the_sheet(page, login, live_server, plan_a, officer_a, tmp_path,
                                                            artifacts):
    login(page, "canbo_a")
    page.goto(f"{live_server.url}/hoat-dong/excel/nhap/")
    page.locator("input[type=file]").set_input_files(str(sheet_file(tmp_path, "")))
    page.get_by_role("button", name="Tải lên và nhập").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Ngoài kỳ kế hoạch")
    expect(errors).to_contain_text("ghi “Có” ở cột “Ngoài kỳ kế hoạch”")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr td").first).to_have_text("2")
    page.screenshot(path=str(artifacts / "work-import-outside-period-refused.png"), full_page=True)
    with commune_scope(officer_a.commune):
        assert not Activity.objects.filter(commune=officer_a.commune).exists()

    page.locator("input[type=file]").set_input_files(str(sheet_file(tmp_path, "Có")))
    page.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.get_by_text("Đã nhập 1 dòng")).to_be_visible()
    with commune_scope(officer_a.commune):
        saved = Activity.objects.get(commune=officer_a.commune)
        assert saved.outside_plan_period and saved.date.isoformat() == "2025-03-01"
