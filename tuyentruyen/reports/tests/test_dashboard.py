from datetime import date

import pytest
import time_machine

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.web.navigation import items_for

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel("2026-03-25 09:00 +0700", tick=False):
        yield


@pytest.fixture
def leader_a(commune_a):
    return create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")


def seed(commune, n):
    with commune_scope(commune):
        media = unit_of(commune, "media_center")
        _plan, topics = f.issued_plan(commune, topics=("Nội dung có", "Nội dung chưa có"))
        for i in range(n):
            f.activity(commune, ("banner", "radio", "conference")[i % 3], date(2026, 1 + i % 3, 1 + i % 28),
                       unit=media, topics=[topics[0]], evidence_url="https://x.vn/a" if i % 2 else None, reach=10)
        f.task(commune, "Việc trễ", date(2026, 3, 1), unit=media, note="Thiếu người")


def test_leader_sees_charts_with_their_numbers_as_tables(leader_a, commune_a):
    seed(commune_a, 6)
    page = client_for(leader_a).get("/tong-quan/?ky=2026-q1").content.decode()
    assert page.count("<svg") == 3 and 'role="img"' in page
    assert "Số liệu của biểu đồ: hoạt động theo tháng và hình thức" in page
    assert "Nội dung chưa có" in page and "1 nội dung chưa có hoạt động nào." in page
    assert "Việc trễ" in page and "điểm tự đánh giá" in page


def test_query_count_does_not_grow_with_activities(leader_a, commune_a, django_assert_max_num_queries):
    seed(commune_a, 3)
    client = client_for(leader_a)
    client.get("/tong-quan/")  # warm the session and caches
    with django_assert_max_num_queries(40) as few:
        client.get("/tong-quan/?ky=2026-q1")
    with commune_scope(commune_a):
        media = unit_of(commune_a, "media_center")
        for i in range(60):
            f.activity(commune_a, "leaflet", date(2026, 2, 1 + i % 28), unit=media, evidence_url="https://x.vn/b")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/tong-quan/?ky=2026-q1")


def test_filter_by_unit(leader_a, commune_a):
    seed(commune_a, 3)
    with commune_scope(commune_a):
        office = unit_of(commune_a, "office")
    response = client_for(leader_a).get(f"/tong-quan/?ky=2026-q1&don-vi={office.pk}")
    assert response.context["totals"]["activities"] == 0
    assert client_for(leader_a).get("/tong-quan/?don-vi=abc").status_code == 404


def test_dashboard_is_for_leaders_and_officers(staff_a, commune_a):
    assert client_for(staff_a).get("/tong-quan/").status_code == 403


def test_province_viewer_gets_a_read_only_overview(viewer_province, commune_a, commune_b, viewer_other_province):
    seed(commune_a, 3)
    response = client_for(viewer_province).get("/tong-quan/?ky=2026-q1", follow=True)
    assert response.redirect_chain[-1][0] == "/tinh/tong-quan/?ky=2026-q1"  # the province app's page
    page = response.content.decode()
    assert commune_a.name in page and "Điểm tự chấm" in page
    other = client_for(viewer_other_province).get("/tong-quan/", follow=True).content.decode()
    assert commune_a.name not in other


def test_navigation_by_role(commune_a, staff_a, viewer_province, leader_a):
    editor = create_user("bientap_a", PASSWORD, roles=[Role.EDITOR], commune=commune_a)
    labels = {user.username: [i["label"] for i in items_for(user)] for user in (staff_a, viewer_province, leader_a, editor)}
    assert "Báo cáo" in labels["donvi_a"] and "Tổng quan" not in labels["donvi_a"]
    assert "Tổng quan các xã" in labels["tinh"] and "Tổng quan" not in labels["tinh"]
    assert "Báo cáo" not in labels["tinh"]
    assert {"Tổng quan", "Báo cáo"} <= set(labels["lanhdao_a"])
    assert "Báo cáo" not in labels["bientap_a"] and "Tổng quan" not in labels["bientap_a"]


def test_self_assessment_page_shows_where_points_are_lost(leader_a, commune_a):
    seed(commune_a, 3)
    page = client_for(leader_a).get("/bao-cao/tu-danh-gia/?ky=2026-q1").content.decode()
    assert "Thực hiện tuyên truyền về CCHC" in page and "Mất" in page and "Bảng điện tử" in page


def test_calendar_lists_the_default_deadlines(leader_a):
    page = client_for(leader_a).get("/bao-cao/lich/").content.decode()
    assert "08/06/2026" in page and "20/06/2026" in page and "Xã báo cáo tỉnh" in page
