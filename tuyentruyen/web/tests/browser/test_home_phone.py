"""“Việc của tôi” on a 360-px phone: unit staff find their unit's work and the big button, a leader finds
what awaits their signature; every item opens with one tap."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tuyentruyen.conftest import unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.models import Plan, PlanRevision, RevisionStatus
from tuyentruyen.reports.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}


def test_unit_staff_start_their_day_on_a_phone(browser, live_server, login, artifacts, commune_a, staff_a):
    today = timezone.localdate()
    with commune_scope(commune_a):
        media = unit_of(commune_a, "media_center")
        late = f.task(commune_a, "Treo băng rôn tuyên truyền dịch vụ công trực tuyến ở các thôn",
                      today - timedelta(days=5), unit=media)
        f.task(commune_a, "Phát bản tin tuần trên loa truyền thanh", today + timedelta(days=3), unit=media)
        f.task(commune_a, "Việc của đơn vị khác", today - timedelta(days=2), unit=unit_of(commune_a, "office"))
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, staff_a.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    button = page.get_by_role("link", name="Ghi nhận hoạt động")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a big target on a phone
    overdue = page.get_by_test_id("work-qua-han")
    expect(overdue.get_by_role("link")).to_have_count(1)
    expect(overdue).to_contain_text("trễ 5 ngày")
    expect(page.get_by_test_id("work-sap-den-han")).to_contain_text("còn 3 ngày")
    expect(page.get_by_text("Việc của đơn vị khác")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(artifacts / "home-unit-staff-phone.png"), full_page=True)
    overdue.get_by_role("link").click()  # one tap to the task
    expect(page).to_have_url(f"{live_server.url}/nhiem-vu/{late.pk}/")
    page.go_back()
    page.get_by_role("link", name="Ghi nhận hoạt động").click()
    expect(page).to_have_url(f"{live_server.url}/hoat-dong/them/")
    context.close()


def test_a_leader_finds_what_awaits_their_signature(browser, live_server, login, artifacts, commune_a, leader_a):
    today = timezone.localdate()
    with commune_scope(commune_a):
        plan = Plan.objects.create(commune=commune_a, title="Kế hoạch tuyên truyền CCHC năm sau",
                                   period_start=today, period_end=today + timedelta(days=300))
        PlanRevision.objects.create(plan=plan, number=1, status=RevisionStatus.SUBMITTED)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, leader_a.username)
    waiting = page.get_by_test_id("work-cho-duyet")
    expect(waiting.get_by_role("heading")).to_contain_text("Chờ tôi ký, duyệt")
    expect(page.get_by_role("link", name="Ghi nhận hoạt động")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(artifacts / "home-leader-phone.png"), full_page=True)
    waiting.get_by_role("link", name="Kế hoạch tuyên truyền CCHC năm sau").click()
    expect(page).to_have_url(f"{live_server.url}/ke-hoach/{plan.pk}/ban/1/")
    context.close()
