"""The province officer's main path: the overview on a desktop and on a phone, the late filter, the XLSX,
a commune's drill-down and the consolidated report's DOCX."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from tuyentruyen.conftest import SECRET_B

from ..conftest import PERIOD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_province_officer_compares_communes_on_desktop_and_phone(browser, live_server, login, artifacts, world,
                                                                 province_officer, commune_a, commune_b):
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = desktop.new_page()
    login(page, "tinh_canbo")
    page.get_by_test_id("main-nav").get_by_role("link", name="Tổng quan các xã").click()
    page.get_by_label("Kỳ", exact=True).select_option(PERIOD.code)
    page.get_by_role("button", name="Xem").click()
    table = page.locator("#cac-xa")
    expect(table.get_by_role("link", name="Xã An Hòa")).to_be_visible()
    expect(table.get_by_role("link", name=commune_b.full_name)).to_be_visible()

    page.get_by_label("Lọc", exact=True).select_option("tre-han")
    page.get_by_role("button", name="Xem").click()
    expect(table.get_by_role("link", name=commune_b.full_name)).to_be_visible()
    expect(table.get_by_role("link", name="Xã An Hòa")).to_have_count(0)
    expect(table).to_contain_text("Gửi trễ hạn")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải bảng Excel").click()
    sheet = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert [r[1] for r in sheet.iter_rows(min_row=3, values_only=True)] == [commune_b.full_name]

    page.get_by_label("Lọc", exact=True).select_option("")
    page.get_by_role("button", name="Xem").click()
    table.get_by_role("link", name="Xã An Hòa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã An Hòa")
    expect(page.get_by_text("In tờ rơi")).to_be_visible()

    page.get_by_test_id("main-nav").get_by_role("link", name="Báo cáo tổng hợp").click()
    page.get_by_label("Kỳ", exact=True).select_option(PERIOD.code)
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_text("chưa tiếp nhận, không cộng vào tổng")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo (Word)").click()
    document = Document(info.value.path())
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])  # letterhead
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "SỞ NỘI VỤ" in text
    desktop.close()

    phone = browser.new_context(viewport={"width": 360, "height": 780})
    page = phone.new_page()
    login(page, "tinh_canbo")
    page.goto(f"{live_server.url}/tinh/tong-quan/?ky={PERIOD.code}")
    expect(page.locator("#cac-xa").get_by_role("link", name=commune_b.full_name)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways scrolling
    assert SECRET_B in page.content()
    page.screenshot(path=str(artifacts / "province-overview-phone.png"), full_page=True)
    phone.close()
