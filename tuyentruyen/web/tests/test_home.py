"""“Việc của tôi”: each role finds its day's work on the home page, one tap per item."""

from datetime import date

import pytest
import time_machine

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit
from tuyentruyen.plans.models import Plan, PlanRevision, RevisionStatus
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 25)  # the first quarter's unit deadline (08/03) has passed


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel("2026-03-25 09:00 +0700", tick=False):
        yield


def plan_at(commune, title, status, *, return_note=""):
    plan = Plan.objects.create(commune=commune, title=title, period_start=date(2026, 1, 1),
                               period_end=date(2026, 12, 31), period_label="năm 2026")
    return PlanRevision.objects.create(plan=plan, number=1, status=status, return_note=return_note)


def report_of(commune, unit, status, kind="q1"):
    return Report.objects.create(commune=commune, unit=unit, year=2026, period_kind=kind, status=status,
                                 due=date(2026, 3, 8))


@pytest.fixture
def work(commune_a):
    """A commune's day: tasks late, due soon and later for two units, plans and reports at every step."""
    with commune_scope(commune_a):
        media, service = unit_of(commune_a, "media_center"), unit_of(commune_a, "service_center")
        made = {
            "late_media": f.task(commune_a, "Treo băng rôn ở các thôn", date(2026, 3, 10), unit=media),
            "soon_media": f.task(commune_a, "Phát bản tin tuần", date(2026, 4, 2), unit=media),
            "later_media": f.task(commune_a, "Tổng kết năm", date(2026, 11, 30), unit=media),
            "late_service": f.task(commune_a, "Niêm yết thủ tục mới", date(2026, 3, 1), unit=service),
            "done_media": f.task(commune_a, "Việc đã xong", date(2026, 3, 5), unit=media, status="done"),
            "submitted_plan": plan_at(commune_a, "Kế hoạch trình lãnh đạo", RevisionStatus.SUBMITTED),
            "approved_plan": plan_at(commune_a, "Kế hoạch chờ ban hành", RevisionStatus.APPROVED),
            "returned_plan": plan_at(commune_a, "Kế hoạch bị trả lại", RevisionStatus.DRAFT,
                                     return_note="Bổ sung kinh phí"),
            "draft_plan": plan_at(commune_a, "Kế hoạch đang soạn", RevisionStatus.DRAFT),
            "returned_report": report_of(commune_a, media, ReportStatus.RETURNED),
            "submitted_report": report_of(commune_a, service, ReportStatus.SUBMITTED),
        }
    return made


def home(user) -> str:
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_sees_late_and_due_tasks_returned_plans_and_reports_to_accept(officer_a, work):
    page = home(officer_a)
    assert "<h1>Việc của tôi</h1>" in page
    for title in ("Treo băng rôn ở các thôn", "Niêm yết thủ tục mới", "Phát bản tin tuần"):
        assert title in page
    assert "trễ 15 ngày" in page and "còn 8 ngày" in page
    assert "Tổng kết năm" not in page and "Việc đã xong" not in page  # not due soon; done
    assert "Kế hoạch bị trả lại" in page and "Bổ sung kinh phí" in page
    assert "Kế hoạch đang soạn" not in page  # a draft nobody returned is not waiting for anyone
    assert "Kế hoạch trình lãnh đạo" not in page  # the leader decides, not the officer
    assert f'/bao-cao/{work["submitted_report"].pk}/' in page and "chờ tiếp nhận" in page
    assert f'/nhiem-vu/{work["late_media"].pk}/' in page
    assert "Ghi nhận hoạt động" in page


def test_the_leader_sees_what_awaits_their_signature_and_the_late_units(leader_a, commune_a, work):
    page = home(leader_a)
    assert "Chờ tôi ký, duyệt" in page
    assert "Kế hoạch trình lãnh đạo" in page and "Kế hoạch chờ ban hành" in page
    assert f'/ke-hoach/{work["submitted_plan"].plan_id}/ban/1/' in page
    assert "Kế hoạch bị trả lại" not in page  # the officer's to rework
    assert "Đơn vị chậm báo cáo" in page
    with commune_scope(commune_a):
        units = Unit.objects.filter(active=True).count()
    # the first quarter: only the service centre has sent (the media centre's came back)
    assert f"Báo cáo quý I năm 2026: {units - 1} đơn vị chưa gửi" in page
    assert "Hạn 08/03/2026, đã trễ 17 ngày" in page and 'href="/bao-cao/?ky=2026-q1"' in page
    assert "Ghi nhận hoạt động" not in page  # leaders do not record activities


def test_unit_staff_see_their_units_tasks_and_the_report_returned_to_them(staff_a, work):
    page = home(staff_a)
    assert 'data-testid="record-activity"' in page
    assert "Treo băng rôn ở các thôn" in page and "Phát bản tin tuần" in page
    assert "Tổng kết năm" in page  # the unit's other open tasks
    assert "Niêm yết thủ tục mới" not in page  # another unit's
    assert f'/bao-cao/{work["returned_report"].pk}/' in page and "cần sửa và gửi lại" in page
    assert f'/bao-cao/{work["submitted_report"].pk}/' not in page
    assert "Kế hoạch bị trả lại" not in page and "Đơn vị chậm báo cáo" not in page
    assert "Xem tổng quan của đơn vị" in page


def test_another_units_staff_see_none_of_it(other_staff_a, work):
    page = home(other_staff_a)
    assert "Niêm yết thủ tục mới" in page
    assert "Treo băng rôn ở các thôn" not in page and f'/bao-cao/{work["returned_report"].pk}/' not in page


def test_a_day_with_nothing_to_do_says_so(staff_a, officer_a):
    assert 'data-testid="work-empty"' in home(staff_a)
    page = home(officer_a)  # no unit has sent its report: that is the officer's work
    assert 'data-testid="work-empty"' not in page and "Đơn vị chậm báo cáo" in page


def test_an_editor_gets_the_button_and_nothing_of_the_tasks(commune_a, work):
    editor = create_user("bientap_a", PASSWORD, roles=[Role.EDITOR], commune=commune_a, full_name="Biên Tập")
    page = home(editor)
    assert "Ghi nhận hoạt động" in page and "Treo băng rôn" not in page
    assert "Kế hoạch trình lãnh đạo" not in page and "Kế hoạch bị trả lại" not in page


def test_province_viewers_get_the_province_overview(viewer_province):
    page = home(viewer_province)
    assert "/tong-quan/tinh/" in page and "Việc của tôi" not in page


def test_a_user_without_commune_keeps_the_old_page(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("lac", password=PASSWORD)
    assert "chưa được gắn với xã hoặc tỉnh nào" in home(user)


def test_query_count_does_not_grow_with_the_work(officer_a, leader_a, staff_a, commune_a, work,
                                                 django_assert_max_num_queries):
    def more(n, tag):
        with commune_scope(commune_a):
            media = unit_of(commune_a, "media_center")
            for i in range(n):
                f.task(commune_a, f"Việc trễ {tag}{i}", date(2026, 3, 1 + i % 20), unit=media)
                f.task(commune_a, f"Việc sắp tới {tag}{i}", date(2026, 3, 26 + i % 5), unit=media)
                f.task(commune_a, f"Việc cuối năm {tag}{i}", date(2026, 12, 1 + i % 20), unit=media)
                plan_at(commune_a, f"Kế hoạch trình {tag}{i}", RevisionStatus.SUBMITTED)
                plan_at(commune_a, f"Kế hoạch trả lại {tag}{i}", RevisionStatus.DRAFT, return_note="Sửa")

    more(7, "a")  # every list full: what it shows and how many more
    clients = {user.username: client_for(user) for user in (officer_a, leader_a, staff_a)}
    counts = {}
    for name, client in clients.items():
        client.get("/")  # warm the session
        with django_assert_max_num_queries(25) as few:
            client.get("/")
        counts[name] = len(few.captured_queries)
    more(30, "b")
    for name, client in clients.items():
        with django_assert_max_num_queries(counts[name]):
            response = client.get("/")
        assert "thêm" in response.content.decode(), name


def test_more_than_a_list_holds_is_one_tap_away(officer_a, commune_a):
    with commune_scope(commune_a):
        media = unit_of(commune_a, "media_center")
        for i in range(9):
            f.task(commune_a, f"Việc trễ {i}", date(2026, 3, 1 + i), unit=media)
    page = home(officer_a)
    assert "Nhiệm vụ quá hạn <span class=\"count\">(9)</span>" in page
    assert "Xem danh sách nhiệm vụ (thêm 3 mục)" in page


def test_a_leader_with_many_plans_waiting_sees_how_many_and_where(leader_a, commune_a):
    with commune_scope(commune_a):
        for i in range(8):
            plan_at(commune_a, f"Kế hoạch trình số {i}", RevisionStatus.SUBMITTED)
    page = home(leader_a)
    assert "Chờ tôi ký, duyệt <span class=\"count\">(8)</span>" in page
    assert "Xem danh sách kế hoạch (thêm 2 mục)" in page


def test_a_report_awaiting_sign_off_lands_in_the_leaders_list(leader_a, officer_a, commune_a):
    with commune_scope(commune_a):
        report = Report.objects.create(commune=commune_a, unit=None, year=2026, period_kind="q1",
                                       status=ReportStatus.ACCEPTED, due=date(2026, 3, 20))
    assert f"/bao-cao/{report.pk}/" not in home(leader_a)
    with commune_scope(commune_a):
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.AWAITING_SIGNOFF)  # audit: test setup
    page = home(leader_a)
    assert f"/bao-cao/{report.pk}/" in page and "Báo cáo quý I năm 2026 — của xã" in page
    assert f"/bao-cao/{report.pk}/" not in home(officer_a)


def test_home_costs_a_few_queries(officer_a, leader_a, staff_a, work, django_assert_max_num_queries):
    for user in (officer_a, leader_a, staff_a):
        client = client_for(user)
        client.get("/")
        with django_assert_max_num_queries(20) as done:
            client.get("/")
        print(f"home for {user.username}: {len(done.captured_queries)} queries")


def test_a_task_due_today_says_so(staff_a, commune_a):
    with commune_scope(commune_a):
        f.task(commune_a, "Nộp ảnh buổi hội nghị", TODAY, unit=unit_of(commune_a, "media_center"))
    page = home(staff_a)
    assert "Nộp ảnh buổi hội nghị" in page and "hạn hôm nay" in page and "trễ 0 ngày" not in page
