"""In Chromium: two activities recorded in a row on a phone carry nothing from one to the next, and a
plan naming an owner that matches no unit is blocked at issuing until the owner is mapped."""

import pytest
from playwright.sync_api import expect

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services as plan_services
from tuyentruyen.work.models import Activity, Task
from tuyentruyen.work.tests.factories import plan_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "Các phòng chuyên môn, các cơ quan đơn vị có liên quan"


def _record(page, live_server, title, *, topic=None):
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.get_by_label("Hình thức").select_option(label="Bản tin loa truyền thanh")
    page.locator("#id_date").fill("2025-08-05")
    page.get_by_label("Tiêu đề, nội dung ngắn").fill(title)
    if topic:
        page.get_by_text("Thêm chi tiết").click()
        page.get_by_label(topic).check()
        page.get_by_label("Kênh").fill("Cụm loa thôn Đông")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_two_entries_in_a_row_on_a_phone_carry_nothing(page, login, live_server, plan_a, staff_a, artifacts):
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, "donvi_a")
    _record(page, live_server, "Bản tin loa về dịch vụ công trực tuyến",
            topic="b. Dịch vụ công trực tuyến và thanh toán trực tuyến")

    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.get_by_text("Thêm chi tiết").click()
    expect(page.get_by_label("Hình thức")).to_have_value("")
    expect(page.get_by_label("Kênh")).to_have_value("")
    expect(page.locator("input[name=topics]:checked")).to_have_count(0)
    page.screenshot(path=str(artifacts / "work-second-entry-empty.png"), full_page=True)
    page.get_by_text("Thêm chi tiết").click()  # fold it again: the second entry is the quick one
    _record(page, live_server, "Bản tin loa về chỉ số hài lòng")
    with commune_scope(staff_a.commune):
        second = Activity.objects.get(title="Bản tin loa về chỉ số hài lòng")
        assert list(second.topics.all()) == [] and second.channel == ""
        first = Activity.objects.get(title="Bản tin loa về dịch vụ công trực tuyến")
        assert first.topics.count() == 1 and first.channel == "Cụm loa thôn Đông"


def test_an_unmapped_owner_blocks_issuing_until_mapped(page, login, live_server, commune_a, officer_a, artifacts):
    document = plan_document()
    document["responsibilities"].append({"unit": GROUP, "duties": ["Lồng ghép tuyên truyền trong hội nghị"]})
    create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a)
    with commune_scope(commune_a):
        plan = plan_services.create_plan(commune=commune_a, user=officer_a, document=document)
        revision = plan_services.current_revision(plan)
        for action in ("submit", "approve"):
            revision = plan_services.transition(revision, action, user=officer_a)

    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "lanhdao_a")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    owners = page.get_by_test_id("plan-owners")
    expect(owners).to_contain_text(GROUP)
    form = page.locator("#ban-hanh")
    form.get_by_label("Ngày ban hành").fill("2025-07-10")
    form.get_by_role("button", name="Ban hành").click()
    expect(page.locator("#ban-hanh").get_by_text("Chưa gắn đơn vị cho", exact=False)).to_be_visible()
    page.screenshot(path=str(artifacts / "plan-issue-blocked-by-owner.png"), full_page=True)
    with commune_scope(commune_a):
        assert plan_services.current_revision(plan).status == "approved"

    owners = page.get_by_test_id("plan-owners")
    owners.get_by_label("Đơn vị").select_option(label="Tất cả đơn vị")
    owners.get_by_role("button", name="Gắn").click()
    expect(page.get_by_text("Đã gắn đơn vị.")).to_be_visible()
    form = page.locator("#ban-hanh")
    form.get_by_label("Ngày ban hành").fill("2025-07-10")
    form.get_by_role("button", name="Ban hành").click()
    expect(page.get_by_text("Kế hoạch đã được ban hành.")).to_be_visible()
    with commune_scope(commune_a):
        assert Task.objects.filter(plan=plan, lead_name=GROUP, kind="standing_duty").count() > 1
