"""Under the real Content-Security-Policy the main pages report no violation in Chromium and still work
(the activity form's script, htmx on the plan editor, the dashboard's charts); two-factor enrolment and
the code step in a real browser."""

import json
import re
import time
from base64 import b32decode
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django_otp.oath import totp
from playwright.sync_api import expect

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.services import create_plan
from tuyentruyen.reports.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PLAN = Path(__file__).resolve().parents[2] / "plans" / "demo" / "demo_plan.json"

# Collects violations as the page reports them to itself (the same events a report-uri would get).
WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP complaint collected from the console and from violation events."""
    console = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(WATCH_VIOLATIONS)

    def violations():
        return console + page.evaluate("window.__csp || []")

    page.violations = violations
    return page


def test_main_pages_report_no_violation_and_still_work(watched, login, live_server, commune_a, every_role_a):
    page = watched
    with commune_scope(commune_a):
        plan = create_plan(commune=commune_a, document=json.loads(DEMO_PLAN.read_text(encoding="utf-8")),
                           user=every_role_a, source_name="demo.md")
        f.activity(commune_a, "banner", date(2026, 1, 5), unit=unit_of(commune_a, "media_center"))

    response = page.goto(f"{live_server.url}/{commune_a.slug}/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("link", name="Thủ tục hành chính").first).to_be_visible()
    assert page.violations() == [], "public home"

    login(page, "tatca_a")
    assert page.violations() == [], "login"

    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.get_by_label("Hình thức").select_option(label="Băng rôn, khẩu hiệu, pa nô, áp phích")
    unit = page.locator("#id_quantity_unit")
    expect(unit).to_have_attribute("placeholder", re.compile(r"\S"))  # the static script ran
    assert page.violations() == [], "activity quick entry"

    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/sua/legal_bases/")
    page.locator("#new-citation").fill("Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ")
    expect(page.locator("#new-preview")).to_contain_text("23/CT-TTg")  # htmx still swaps
    assert page.violations() == [], "plan editor"

    page.goto(f"{live_server.url}/tong-quan/?ky=2026-q1")
    expect(page.get_by_role("img", name="Số hoạt động theo tháng và hình thức")).to_be_visible()
    assert page.violations() == [], "dashboard"


def test_the_watch_sees_a_violation_when_there_is_one(watched, live_server, commune_a):
    page = watched
    page.goto(f"{live_server.url}/{commune_a.slug}/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = '1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in page.violations())


@pytest.mark.second_factor
def test_a_commune_admin_enrols_then_gives_a_code_at_the_next_login(page, login, live_server, commune_a, artifacts):
    create_user("quantri_moi", PASSWORD, roles=[Role.COMMUNE_ADMIN], commune=commune_a, full_name="Quản Trị Mới")
    login(page, "quantri_moi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bật xác thực hai bước")
    expect(page.get_by_test_id("two-factor-qr").locator("svg")).to_be_visible()
    key = page.get_by_test_id("two-factor-key").inner_text().replace(" ", "")
    page.screenshot(path=str(artifacts / "two-factor-enrol.png"), full_page=True)

    secret = b32decode(key)
    page.get_by_label("Mã xác thực").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Xác nhận và bật").click()
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Việc của tôi")

    page.context.clear_cookies()
    with time_machine.travel(time.time() + 30):  # the next code, not the one just used
        login(page, "quantri_moi")
        expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã xác thực")
        page.get_by_label("Mã xác thực").fill(f"{totp(secret):06d}")
        page.get_by_role("button", name="Xác nhận").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Việc của tôi")


def test_the_admin_works_under_the_policy(watched, login, live_server, officer_a):
    page = watched
    root = create_user("hethong", PASSWORD, roles=[], full_name="Quản Trị Hệ Thống")
    root.is_superuser = root.is_staff = True
    root.save()
    login(page, "hethong")
    page.goto(f"{live_server.url}/quan-tri/")
    expect(page.get_by_role("heading", name="Dữ liệu")).to_be_visible()
    page.goto(f"{live_server.url}/quan-tri/accounts/user/{officer_a.pk}/change/")
    # the admin's own scripts run: the permissions picker is built by SelectFilter2.js
    expect(page.locator("#id_user_permissions_filter")).to_be_visible()
    page.goto(f"{live_server.url}/quan-tri/audit/auditevent/")
    assert page.violations() == []
