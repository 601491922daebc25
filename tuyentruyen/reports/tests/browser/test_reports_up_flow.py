"""In Chromium: the commune report goes officer → leader → province, is returned with a comment on one
section, revised, signed again and accepted; then the province appraises the commune's self-score with one
adjusted criterion and downloads the evidence package."""


import pytest
from playwright.sync_api import expect

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import get_or_create_report
from tuyentruyen.tests.browser.appraisal_steps import appraise, send_self_score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, login, username):
    page = browser.new_context().new_page()
    login(page, username)
    return page


def test_report_up_returned_resent_accepted_and_appraised(browser, live_server, login, artifacts, commune_a,
                                                           officer_a, province_officer):
    create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")
    with commune_scope(commune_a):
        report = get_or_create_report(commune_a, Period(2026, "q1"))
    url = f"{live_server.url}/bao-cao/{report.pk}/"

    officer = _as(browser, login, "canbo_a")
    officer.goto(url)
    officer.get_by_label("Đánh giá kết quả (điều số liệu chưa nói được)").fill("Hoàn thành các hội nghị")
    officer.get_by_role("button", name="Lưu nội dung").click()
    officer.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(officer.get_by_text("Chờ lãnh đạo duyệt").first).to_be_visible()

    leader = _as(browser, login, "lanhdao_a")
    leader.goto(url)
    leader.get_by_role("button", name="Duyệt và gửi tỉnh").click()
    expect(leader.get_by_text("Đã duyệt và gửi báo cáo lên tỉnh (lần 1)")).to_be_visible()

    province = _as(browser, login, "tinh_canbo")
    province.goto(f"{live_server.url}/tinh/bao-cao/")
    province.get_by_role("link", name="Mở báo cáo").click()
    expect(province.get_by_text("Hoàn thành các hội nghị")).to_be_visible()
    province.get_by_label("Ý kiến về phần “Đánh giá kết quả”").fill("Nêu rõ số người tham dự")
    province.get_by_role("button", name="Trả lại để xã sửa").click()
    expect(province.get_by_text("Đã trả lại báo cáo")).to_be_visible()

    officer.goto(url)
    expect(officer.locator("#y-kien-results")).to_contain_text("Nêu rõ số người tham dự")  # beside the section
    officer.get_by_label("Đánh giá kết quả (điều số liệu chưa nói được)").fill("Ba hội nghị, 240 người tham dự")
    officer.get_by_role("button", name="Lưu nội dung").click()
    officer.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    leader.goto(url)
    leader.get_by_role("button", name="Duyệt và gửi tỉnh").click()
    expect(leader.get_by_text("(lần 2)")).to_be_visible()

    province.goto(f"{live_server.url}/tinh/bao-cao/{report.pk}/")
    expect(province.get_by_text("Ba hội nghị, 240 người tham dự")).to_be_visible()
    province.get_by_role("button", name="Tiếp nhận báo cáo").click()
    expect(province.get_by_text("Đã tiếp nhận báo cáo của")).to_be_visible()
    with commune_scope(commune_a):
        assert Report.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED
    province.screenshot(path=str(artifacts / "reports-province-accepted.png"), full_page=True)

    # the self-score, appraised with one adjustment
    send_self_score(officer, live_server.url)
    archive = appraise(province, live_server.url, commune_a, "Hai nhiệm vụ hoàn thành sau hạn")
    index = archive.read("MUC-LUC.txt").decode("utf-8-sig")
    assert "Lý do điều chỉnh: Hai nhiệm vụ hoàn thành sau hạn" in index
    assert any(name.startswith("1 Mức độ hoàn thành") for name in archive.namelist())

    officer.goto(f"{live_server.url}/bao-cao/chi-so-cchc/?nam=2026")
    expect(officer.get_by_text("Hai nhiệm vụ hoàn thành sau hạn")).to_be_visible()
    officer.screenshot(path=str(artifacts / "reports-appraisal-result.png"), full_page=True)
