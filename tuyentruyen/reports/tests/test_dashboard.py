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


@pytest.mark.parametrize("persona", ["leader_a", "staff_a"])  # the commune's dashboard, a unit's
def test_query_count_does_not_grow_with_activities(persona, request, commune_a, django_assert_max_num_queries):
    seed(commune_a, 3)
    client = client_for(request.getfixturevalue(persona))
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


def test_unit_staff_see_their_units_dashboard_only(staff_a, other_staff_a, commune_a):
    seed(commune_a, 6)  # the media centre's
    with commune_scope(commune_a):
        service = unit_of(commune_a, "service_center")
        f.activity(commune_a, "radio", date(2026, 2, 3), unit=service, title="Của đơn vị khác")
        f.task(commune_a, "Việc của trung tâm phục vụ", date(2026, 3, 2), unit=service)
    client = client_for(staff_a)
    response = client.get("/tong-quan/?ky=2026-q1")
    assert response.status_code == 200
    assert response.context["unit"] == staff_a.unit
    assert response.context["totals"]["activities"] == 6 and response.context["counts"]["overdue"] == 1
    page = response.content.decode()
    assert "Việc trễ" in page and "Việc của trung tâm phục vụ" not in page
    assert response.context["score"] is None and response.context["units"] == []  # no commune-wide figures
    assert 'name="don-vi"' not in page  # nothing to choose
    assert client.get(f"/tong-quan/?ky=2026-q1&don-vi={service.pk}").status_code == 403
    assert client.get(f"/tong-quan/?ky=2026-q1&don-vi={staff_a.unit_id}").status_code == 200
    assert client.get("/bao-cao/tu-danh-gia/").status_code == 403  # the commune's score is not a unit's
    other = client_for(other_staff_a).get("/tong-quan/?ky=2026-q1")
    assert other.context["totals"]["activities"] == 1 and "Việc trễ" not in other.content.decode()


def test_editors_have_no_dashboard(commune_a):
    editor = create_user("bientap_a", PASSWORD, roles=[Role.EDITOR], commune=commune_a, full_name="Biên Tập")
    assert client_for(editor).get("/tong-quan/").status_code == 403


def test_sections_fold_and_the_script_is_a_static_file(leader_a, commune_a):
    seed(commune_a, 3)
    page = client_for(leader_a).get("/tong-quan/?ky=2026-q1").content.decode()
    assert page.count('<details class="fold" open data-fold') == 5  # open without JavaScript
    assert 'data-fold="keep"' in page and "/static/reports/dashboard.js" in page


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
    assert {"Tổng quan", "Báo cáo"} <= set(labels["donvi_a"])  # their unit's dashboard
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

