"""Residents on a 320-px phone see the feedback statistics, the SIPAS results and a closed contest's
winners (JavaScript on and off); during an attempt the countdown moves; an officer imports questions
from the XLSX template."""

import re

import pytest
from playwright.sync_api import expect

from tuyentruyen.engagement import demo, services
from tuyentruyen.engagement.models import Contest
from tuyentruyen.lib.tenancy import commune_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 320, "height": 640}


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def results_world(commune_a):
    with commune_scope(commune_a):
        survey = services.create_survey(commune_a, title="", template="sipas")
        services.set_survey_status(survey, "open")
        demo.load_demo_engagement(commune_a)
        for n in range(3):
            item = services.submit_feedback(commune_a, category="procedure", title=f"Hỏi thủ tục {n}",
                                            content="Xin hướng dẫn.", contact={"full_name": "Trần Thị Bé"})
            if n < 2:
                services.answer_feedback(item, answer="Đã hướng dẫn.", user=None)
    return commune_a


@pytest.mark.parametrize("javascript", [True, False])
def test_resident_on_a_phone_sees_statistics_sipas_and_winners(browser, live_server, artifacts, results_world,
                                                               javascript):
    commune = results_world
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/{commune.slug}/")
    page.get_by_role("navigation", name="Trang của xã").get_by_role("link", name="Kết quả").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả công khai")
    fits(page)

    page.get_by_role("link", name="Số phản ánh đã nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thống kê giải quyết phản ánh, kiến nghị")
    totals = page.get_by_test_id("feedback-totals")
    answered = 2 + sum(1 for _, days, _, _ in demo.DEMO_FEEDBACK if days is not None)
    expect(totals).to_contain_text(f"Đã tiếp nhận{3 + len(demo.DEMO_FEEDBACK)}")
    expect(totals).to_contain_text(f"Đã trả lời{answered}")
    expect(page.get_by_text("Trần Thị Bé")).to_have_count(0)
    fits(page)
    page.screenshot(path=str(artifacts / f"engagement-feedback-statistics-320-js{int(javascript)}.png"), full_page=True)

    page.go_back()
    page.get_by_role("link", name="Khảo sát sự hài lòng").first.click()
    expect(page.get_by_test_id("sample-size")).to_have_text(str(demo.DEMO_SURVEY_ANSWERS))
    expect(page.get_by_test_id("overall-index")).to_contain_text("%")
    expect(page.get_by_role("row", name="Tiếp cận dịch vụ")).to_be_visible()
    fits(page)

    page.go_back()
    page.get_by_role("link", name=demo.CLOSED_TITLE).click()
    winners = page.get_by_test_id("winners").get_by_role("listitem")
    expect(winners).to_have_count(3)
    expect(page.locator("main")).not_to_contain_text("0123 456")
    fits(page)
    page.screenshot(path=str(artifacts / f"engagement-contest-results-320-js{int(javascript)}.png"), full_page=True)
    context.close()


def test_the_countdown_moves_during_an_attempt(browser, live_server, artifacts, results_world):
    commune = results_world
    with commune_scope(commune):
        contest = Contest.objects.get(title=demo.OPEN_TITLE)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/{commune.slug}/cuoc-thi/{contest.pk}/")
    page.get_by_label("Họ và tên").fill("Ngô Văn Tài")
    page.get_by_label("Số điện thoại").fill("0912 000 111")
    page.get_by_label("Thôn, tổ dân phố").fill("Ấp Một")
    page.get_by_role("button", name="Đăng ký").click()
    page.get_by_role("button", name="Bắt đầu làm bài").click()
    timer = page.get_by_test_id("countdown")
    expect(timer).to_have_text(re.compile(r"^1[45]:\d\d$"))
    first = timer.text_content()
    page.wait_for_timeout(2200)
    assert timer.text_content() != first  # it moved
    fits(page)
    page.screenshot(path=str(artifacts / "engagement-contest-countdown-320.png"), full_page=True)
    context.close()


def test_officer_imports_questions_from_the_template(browser, live_server, login, artifacts, commune_a, officer_a,
                                                     tmp_path):
    page = browser.new_page()
    login(page, "canbo_a")
    page.goto(f"{live_server.url}/cuoc-thi/ngan-hang-cau-hoi/")
    with page.expect_download() as download:
        page.get_by_role("link", name="mẫu ngân hàng câu hỏi (XLSX)").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(template))
    page.get_by_role("button", name="Nhập câu hỏi").click()
    expect(page.get_by_text("Đã thêm 2 câu hỏi từ tệp vào ngân hàng.")).to_be_visible()
    expect(page.get_by_text("Bộ phận Một cửa của xã có nhiệm vụ gì?")).to_be_visible()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(template))  # the same file again
    page.get_by_role("button", name="Nhập câu hỏi").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("Dòng 2: câu hỏi này đã có trong ngân hàng.")
    page.screenshot(path=str(artifacts / "engagement-bank-import.png"), full_page=True)
    page.close()
