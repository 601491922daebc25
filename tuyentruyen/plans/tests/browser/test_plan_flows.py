from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_MD = Path(__file__).resolve().parents[2] / "demo" / "ke-hoach-demo.md"


def test_officer_imports_reviews_saves_edits_and_downloads(page, login, live_server, officer_a, artifacts):
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "canbo_a")
    page.get_by_test_id("main-nav").get_by_role("link", name="Kế hoạch").click()
    page.get_by_role("link", name="Nhập từ tệp Word/PDF").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(DEMO_MD))
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", name="Xem lại kế hoạch vừa đọc")).to_be_visible()
    expect(page.get_by_role("heading", name="Văn bản gốc")).to_be_visible()
    page.screenshot(path=str(artifacts / "plan-import-review-phone.png"), full_page=False)
    page.get_by_role("button", name="Lưu thành dự thảo").click()
    expect(page.get_by_text("Đã lưu kế hoạch thành bản dự thảo.")).to_be_visible()

    page.get_by_role("link", name="Căn cứ").click()
    citation = page.locator("#new-citation")
    citation.fill("Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ")
    expect(page.locator("#new-preview")).to_contain_text("23/CT-TTg")  # parsed while typing (HTMX)
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()

    page.get_by_role("link", name="Quay lại kế hoạch").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về Word (.docx)").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_leader_issues_with_number_and_date_and_replaces_the_same_period_plan(page, login, live_server, commune_a,
                                                                              officer_a, artifacts):
    import json
    from datetime import date

    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.lib.tenancy import commune_scope
    from tuyentruyen.plans import services
    from tuyentruyen.plans.tests.conftest import owners_to_all_units

    document = json.loads((DEMO_MD.parent / "demo_plan.json").read_text(encoding="utf-8"))
    document.update(number=None, date=None)
    create_user("lanhdao_a", "Mật-khẩu-lãnh-đạo-2026", roles=[Role.LEADER], commune=commune_a)
    with commune_scope(commune_a):
        plans = []
        for _ in range(2):
            plan = services.create_plan(commune=commune_a, document=document, user=officer_a)
            revision = owners_to_all_units(plan)
            for action in ("submit", "approve"):
                revision = services.transition(revision, action, user=officer_a)
            plans.append((plan, revision))
        first, second = plans
        services.transition(first[1], "issue", number="05/KH-UBND", issued_on=date(2026, 1, 12))

    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "lanhdao_a", "Mật-khẩu-lãnh-đạo-2026")
    page.goto(f"{live_server.url}/ke-hoach/{second[0].pk}/")
    form = page.locator("#ban-hanh")
    expect(form.get_by_label("Số văn bản")).to_have_value("06/KH-UBND")  # next in the commune's register
    form.get_by_label("Số văn bản").fill("")
    form.get_by_role("button", name="Ban hành").click()
    form = page.locator("#ban-hanh")
    expect(form.get_by_text(services.NUMBER_MISSING)).to_be_visible()
    expect(form.get_by_text(services.DATE_MISSING)).to_be_visible()
    expect(form.get_by_text("Hãy chọn kế hoạch mà kế hoạch này thay thế", exact=False)).to_be_visible()

    form.get_by_label("Số văn bản").fill("06/KH-UBND")
    form.get_by_label("Ngày ban hành").fill("2026-03-02")
    form.get_by_label("Thay thế kế hoạch số …").select_option(label=services.plan_label(first[0]))
    page.screenshot(path=str(artifacts / "plan-issue-form-phone.png"), full_page=False)
    form.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_text("Kế hoạch đã được ban hành.")).to_be_visible()
    expect(page.get_by_text("Đã ban hành", exact=True)).to_be_visible()

    page.get_by_role("link", name=first[0].title).first.click()
    expect(page.locator("#da-thay-the")).to_contain_text("Đã được thay thế bởi kế hoạch số 06/KH-UBND")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
