"""Issue 12's "done when", walked in Chromium: the province issues its plan; communes A and B derive, issue,
carry out and report (through their leaders' sign-off); the province returns A's report with a comment on a
section, A resends, the province accepts both, appraises A's self-score with one adjusted criterion,
downloads the consolidated report and the evidence package, and the overview shows that B was late — on a
desktop and on a phone.

The clock is moved through the first half of 2026 (``time_machine``) so that A's report goes up before the
quarter's due date and B's after it, whatever day the test runs. Only personas are made with fixtures."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document
from playwright.sync_api import expect

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.tests.browser.test_province_plan_flow import DEMO_MD
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.tests.browser.test_reports_up_flow import _as
from tuyentruyen.tests.browser.appraisal_steps import appraise, send_self_score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUARTER = Period(2026, "q1")  # due on 20/03/2026 from commune to province
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def on(month, day, hour=9):
    return datetime(2026, month, day, hour, tzinfo=HANOI)


@pytest.fixture
def leader_b(commune_b):
    return create_user("lanhdao_b", PASSWORD, roles=[Role.LEADER], commune=commune_b, full_name="Lãnh Đạo B")


@pytest.fixture
def _cookies_outlive_the_moved_clock(settings):
    # The server's clock is in 2026 while Chromium's is today's: a CSRF cookie dated by the server would
    # already be expired for the browser. A cookie for the browser's session keeps the forms working.
    settings.CSRF_COOKIE_AGE = None


def _province_issues_its_plan(browser, login):
    officer = _as(browser, login, "tinh_canbo")
    officer.get_by_test_id("main-nav").get_by_role("link", name="Kế hoạch", exact=True).click()
    officer.get_by_role("link", name="Nhập từ tệp Word/PDF").click()
    officer.get_by_label("Tệp kế hoạch").set_input_files(str(DEMO_MD))
    officer.get_by_role("button", name="Đọc tệp").click()
    officer.get_by_role("button", name="Lưu thành dự thảo").click()
    expect(officer.get_by_text("Đã lưu kế hoạch thành bản dự thảo.")).to_be_visible()
    plan_url = officer.url
    officer.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(officer.get_by_text("Đã trình", exact=True)).to_be_visible()

    leader = _as(browser, login, "tinh_lanhdao")
    leader.goto(plan_url)
    leader.get_by_role("button", name="Duyệt", exact=True).click()
    expect(leader.get_by_text("Đã duyệt", exact=True)).to_be_visible()
    leader.context.close()

    officer.goto(plan_url)
    form = officer.locator("#ban-hanh")
    form.get_by_label("Số văn bản").fill("15/KH-UBND")
    form.get_by_label("Ngày ban hành").fill("2026-01-06")
    form.get_by_role("button", name="Ban hành").click()
    expect(officer.get_by_text("Kế hoạch đã được ban hành.")).to_be_visible()
    officer.context.close()


def _commune_derives_and_issues(browser, login, base, officer_name, leader_name, number):
    officer = _as(browser, login, officer_name)
    officer.goto(f"{base}/thong-bao/")
    expect(officer.get_by_text("Tỉnh ban hành Kế hoạch số 15/KH-UBND").first).to_be_visible()
    officer.get_by_test_id("main-nav").get_by_role("link", name="Kế hoạch", exact=True).click()
    card = officer.locator("section.highlight")
    card.get_by_role("button", name="Lập kế hoạch của xã từ kế hoạch của tỉnh").click()
    expect(officer.get_by_text("Đã lập dự thảo kế hoạch mới từ kế hoạch nguồn.")).to_be_visible()
    plan_url = officer.url
    owners = officer.get_by_test_id("plan-owners")
    while owners.locator("select[name=unit]").count():  # names in the plan that are no unit of the commune
        owners.locator("select[name=unit]").first.select_option(index=1)  # “every unit”
        owners.get_by_role("button", name="Gắn").first.click()
        officer.wait_for_load_state()
    officer.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(officer.get_by_text("Đã trình", exact=True)).to_be_visible()

    leader = _as(browser, login, leader_name)
    leader.goto(plan_url)
    leader.get_by_role("button", name="Duyệt", exact=True).click()
    expect(leader.get_by_text("Đã duyệt", exact=True)).to_be_visible()
    form = leader.locator("#ban-hanh")
    form.get_by_label("Số văn bản").fill(number)
    form.get_by_label("Ngày ban hành").fill("2026-01-12")
    form.get_by_role("button", name="Ban hành").click()
    expect(leader.get_by_text("Kế hoạch đã được ban hành.")).to_be_visible()
    leader.context.close()
    return officer


def _record_activity(officer, base, title, day):
    officer.goto(f"{base}/hoat-dong/them/")
    officer.get_by_label("Hình thức").select_option(index=1)
    officer.get_by_label(re.compile(r"^Ngày\b")).fill(day)
    officer.get_by_label("Tiêu đề, nội dung ngắn").fill(title)
    officer.get_by_text("Thêm chi tiết", exact=False).click()
    officer.get_by_label("Lượt tiếp cận (xem, nghe)").fill("120")
    officer.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(title)


def _send_report(browser, login, base, officer_name, leader_name, results):
    """The officer writes the quarter's report and asks for sign-off; the leader signs it and sends it up."""
    officer = _as(browser, login, officer_name)
    officer.goto(f"{base}/bao-cao/?ky={QUARTER.code}")
    report = officer.get_by_role("link", name=f"Báo cáo {QUARTER.label} của xã")
    if report.count():
        report.click()
    else:
        officer.get_by_role("button", name="Lập báo cáo của xã").click()
    officer.get_by_label("Đánh giá kết quả (điều số liệu chưa nói được)").fill(results)
    officer.get_by_role("button", name="Lưu nội dung").click()
    officer.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(officer.get_by_text("Chờ lãnh đạo duyệt").first).to_be_visible()
    url = officer.url
    officer.context.close()

    leader = _as(browser, login, leader_name)
    leader.goto(url)
    leader.get_by_role("button", name="Duyệt và gửi tỉnh").click()
    expect(leader.get_by_text("Đã duyệt và gửi báo cáo lên tỉnh")).to_be_visible()
    leader.context.close()
    return url


def test_the_province_loop_from_plan_down_to_appraisal(browser, live_server, login, artifacts,
                                                        _cookies_outlive_the_moved_clock, commune_a, commune_b,
                                                        province_officer, province_leader, officer_a, leader_a,
                                                        officer_b, leader_b):
    base = live_server.url
    with time_machine.travel(on(1, 6), tick=True) as clock:
        _province_issues_its_plan(browser, login)

        clock.move_to(on(1, 12))
        for officer_name, leader_name, number in (("canbo_a", "lanhdao_a", "03/KH-UBND"),
                                                  ("canbo_b", "lanhdao_b", "04/KH-UBND")):
            officer = _commune_derives_and_issues(browser, login, base, officer_name, leader_name, number)
            officer.context.close()

        clock.move_to(on(2, 10))
        for officer_name, title in (("canbo_a", "Hội nghị tuyên truyền CCHC tại thôn Đông"),
                                    ("canbo_b", "Phát thanh về dịch vụ công trực tuyến")):
            officer = _as(browser, login, officer_name)
            _record_activity(officer, base, title, "2026-02-10")
            officer.context.close()

        # A reports before the due date; the province returns it with a comment on one section
        clock.move_to(on(3, 16))
        a_url = _send_report(browser, login, base, "canbo_a", "lanhdao_a", "Hoàn thành hội nghị ở thôn Đông")
        province = _as(browser, login, "tinh_canbo")
        province.goto(f"{base}/tinh/bao-cao/")
        province.get_by_role("link", name="Mở báo cáo").click()
        province.get_by_label("Ý kiến về phần “Đánh giá kết quả”").fill("Nêu rõ số người tham dự")
        province.get_by_role("button", name="Trả lại để xã sửa").click()
        expect(province.get_by_text("Đã trả lại báo cáo")).to_be_visible()
        province.context.close()

        clock.move_to(on(3, 18))
        officer = _as(browser, login, "canbo_a")
        officer.goto(a_url)
        expect(officer.locator("#y-kien-results")).to_contain_text("Nêu rõ số người tham dự")
        officer.context.close()
        _send_report(browser, login, base, "canbo_a", "lanhdao_a", "Một hội nghị ở thôn Đông, 120 người tham dự")

        # B reports after the due date
        clock.move_to(on(4, 2))
        _send_report(browser, login, base, "canbo_b", "lanhdao_b", "Phát thanh hằng tuần về dịch vụ công")

        clock.move_to(on(4, 6))
        province = _as(browser, login, "tinh_canbo")
        for _ in range(2):
            province.goto(f"{base}/tinh/bao-cao/")
            province.get_by_role("link", name="Mở báo cáo").first.click()
            province.get_by_role("button", name="Tiếp nhận báo cáo").click()
            expect(province.get_by_text("Đã tiếp nhận báo cáo của")).to_be_visible()
        for commune in (commune_a, commune_b):
            with commune_scope(commune):
                assert Report.objects.get(unit=None, year=2026, period_kind="q1").status == ReportStatus.ACCEPTED

        # the province's scheme for the year, copied from the shipped default
        province.goto(f"{base}/tinh/bo-tieu-chi/")
        province.get_by_label("Năm áp dụng").select_option("2026")
        province.get_by_role("button", name="Tạo bộ tiêu chí").click()
        expect(province.get_by_role("heading", level=1)).to_be_visible()
        province.context.close()

        # A scores itself; the province adjusts one criterion with a reason
        clock.move_to(on(6, 1))
        officer = _as(browser, login, "canbo_a")
        send_self_score(officer, base)
        province = _as(browser, login, "tinh_canbo")
        archive = appraise(province, base, commune_a, "Hội nghị thôn Tây chưa tổ chức")
        assert "Lý do điều chỉnh: Hội nghị thôn Tây chưa tổ chức" in archive.read("MUC-LUC.txt").decode("utf-8-sig")
        officer.goto(f"{base}/bao-cao/chi-so-cchc/?nam=2026")
        expect(officer.get_by_text("Hội nghị thôn Tây chưa tổ chức")).to_be_visible()
        officer.context.close()

        # the consolidated report of the quarter, from both accepted reports
        province.get_by_test_id("main-nav").get_by_role("link", name="Báo cáo tổng hợp").click()
        province.get_by_label("Kỳ", exact=True).select_option(QUARTER.code)
        province.get_by_role("button", name="Xem").click()
        expect(province.get_by_text("Xã An Hòa").first).to_be_visible()
        expect(province.get_by_text("chưa tiếp nhận, không cộng vào tổng")).to_have_count(0)  # both counted
        with province.expect_download() as info:
            province.get_by_role("link", name="Tải báo cáo (Word)").click()
        document = Document(info.value.path())
        text = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for row in t.rows for c in row.cells])
        assert "Xã An Hòa" in text and commune_b.full_name in text

        # the overview: who was late, on a desktop
        province.set_viewport_size({"width": 1280, "height": 900})
        province.get_by_test_id("main-nav").get_by_role("link", name="Tổng quan các xã").click()
        province.get_by_label("Kỳ", exact=True).select_option(QUARTER.code)
        province.get_by_role("button", name="Xem").click()
        table = province.locator("#cac-xa")
        expect(table.get_by_role("row", name=re.compile("Xã An Hòa"))).to_contain_text("Gửi đúng hạn")
        expect(table.get_by_role("row", name=re.compile(commune_b.full_name))).to_contain_text("Gửi trễ hạn")
        province.get_by_label("Lọc", exact=True).select_option("tre-han")
        province.get_by_role("button", name="Xem").click()
        expect(table.get_by_role("link", name=commune_b.full_name)).to_be_visible()
        expect(table.get_by_role("link", name="Xã An Hòa")).to_have_count(0)
        province.screenshot(path=str(artifacts / "province-loop-overview-desktop.png"), full_page=True)

        # and on a phone
        province.set_viewport_size({"width": 360, "height": 780})
        province.goto(f"{base}/tinh/tong-quan/?ky={QUARTER.code}&loc=tre-han")
        expect(table.get_by_role("link", name=commune_b.full_name)).to_be_visible()
        assert province.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways scrolling
        province.screenshot(path=str(artifacts / "province-loop-overview-phone.png"), full_page=True)
        province.context.close()
