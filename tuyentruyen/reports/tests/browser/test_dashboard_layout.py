"""The dashboard's layout in a real Chromium: on a desktop each chart sits right under its heading; on a
phone the sections fold so the page is a few screens long; unit staff get their unit's dashboard."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.reports.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KINDS = ("banner", "radio", "conference", "leaflet", "news")
HEADING_TO_CHART_MAX = 110  # px from a heading's top to its chart's top (a heading box may stretch: its
# top is where the reader sees it)
PHONE_SCREENS = 4  # a few screens of 800 px


def seed_a_quarter(commune):
    """A commune's first quarter as it looks in use: a plan of 24 topics, every unit active, tasks late."""
    topics = tuple(f"Nội dung tuyên truyền số {i}: cải cách thủ tục hành chính và chuyển đổi số ở cơ sở"
                   for i in range(1, 25))
    with commune_scope(commune):
        _plan, made = f.issued_plan(commune, topics=topics)
        units = list(Unit.objects.filter(active=True).order_by("position"))
        for i in range(90):
            f.activity(commune, KINDS[i % len(KINDS)], date(2026, 1 + i % 3, 1 + i % 27), unit=units[i % len(units)],
                       topics=[made[i % 17]], evidence_url="https://xa.vn/anh" if i % 3 else None, reach=20)
        for i in range(12):
            f.task(commune, f"Nhiệm vụ số {i} của kế hoạch", date(2026, 2, 1 + i), unit=units[i % len(units)])
    return units


def distance_under_heading(page, heading_id, chart_name):
    heading = page.locator(f"#{heading_id}").bounding_box()
    chart = page.get_by_role("img", name=chart_name).bounding_box()
    return chart["y"] - heading["y"]


@pytest.fixture
def open_as(browser, live_server, login):
    def open_dashboard(username, viewport):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        login(page, username)
        page.goto(f"{live_server.url}/tong-quan/?ky=2026-q1")
        return context, page

    return open_dashboard


def test_charts_sit_under_their_headings_on_a_desktop(open_as, artifacts, commune_a, leader_a):
    seed_a_quarter(commune_a)
    context, page = open_as("lanhdao_a", {"width": 1280, "height": 900})
    months = distance_under_heading(page, "h-thang", "Số hoạt động theo tháng và hình thức")
    topics = distance_under_heading(page, "h-noi-dung", "Số hoạt động theo nội dung tuyên truyền")
    units = distance_under_heading(page, "h-don-vi", "Số hoạt động theo đơn vị")
    print(f"desktop 1280: months chart {months:.0f} px under its heading, topics {topics:.0f}, units {units:.0f}; "
          f"page {page.evaluate('document.documentElement.scrollHeight')} px")
    assert 0 <= months <= HEADING_TO_CHART_MAX and 0 <= topics <= HEADING_TO_CHART_MAX + 40
    assert 0 <= units <= HEADING_TO_CHART_MAX
    # the two first sections side by side, their headings on one line
    assert abs(page.locator("#h-thang").bounding_box()["y"] - page.locator("#h-noi-dung").bounding_box()["y"]) < 5
    # a data table is one tap away
    page.get_by_text("Bảng số liệu theo tháng").click()
    expect(page.get_by_test_id("table-months")).to_be_visible()
    page.screenshot(path=str(artifacts / "reports-dashboard-desktop.png"), full_page=True)
    context.close()


def test_sections_fold_on_a_phone(open_as, artifacts, commune_a, leader_a):
    seed_a_quarter(commune_a)
    context, page = open_as("lanhdao_a", {"width": 360, "height": 800})
    months = distance_under_heading(page, "h-thang", "Số hoạt động theo tháng và hình thức")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"phone 360: months chart {months:.0f} px under its heading; page {height} px folded")
    assert 0 <= months <= HEADING_TO_CHART_MAX
    assert height <= PHONE_SCREENS * 800
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    topics_chart = page.get_by_role("img", name="Số hoạt động theo nội dung tuyên truyền")
    expect(topics_chart).to_be_hidden()
    page.get_by_role("heading", name="Độ phủ nội dung tuyên truyền").click()  # one tap opens a section
    expect(topics_chart).to_be_visible()
    assert 0 <= distance_under_heading(page, "h-noi-dung", "Số hoạt động theo nội dung tuyên truyền") \
        <= HEADING_TO_CHART_MAX + 40
    page.screenshot(path=str(artifacts / "reports-dashboard-phone-folded.png"), full_page=True)
    context.close()


def test_unit_staff_read_their_units_dashboard_on_a_phone(open_as, live_server, commune_a):
    units = seed_a_quarter(commune_a)
    create_user("donvi_x", PASSWORD, roles=[Role.UNIT_STAFF], commune=commune_a, unit=units[0], full_name="Cán Bộ X")
    context, page = open_as("donvi_x", {"width": 360, "height": 800})
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tổng quan quý I năm 2026 — {units[0].name}")
    expect(page.get_by_role("list", name="Số liệu chính")).to_contain_text("hoạt động")
    expect(page.locator("#h-don-vi")).to_have_count(0)  # no other unit's figures
    page.goto(f"{live_server.url}/tong-quan/?ky=2026-q1&don-vi={units[1].pk}")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(units[1].name)
    context.close()
