from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.models import PlanTopic
from tuyentruyen.work import services
from tuyentruyen.work.models import Activity, Evidence, Task

from .factories import activity
from .test_evidence import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader_a(commune_a):
    return create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a, full_name="Lãnh Đạo A")


def _task(commune, unit_kind):
    with commune_scope(commune):
        return Task.objects.get(lead_unit=unit_of(commune, unit_kind), title__startswith="Phát thanh")


def test_task_list_pages_render(plan_a, officer_a, staff_a, leader_a):
    for user in (officer_a, staff_a, leader_a):
        response = client_for(user).get("/nhiem-vu/")
        assert response.status_code == 200
    assert "Phát thanh chuyên mục CCHC" in client_for(staff_a).get("/nhiem-vu/").content.decode()
    # staff of the media centre do not see the service centre's duties
    assert "Khảo sát mức độ hài lòng" not in client_for(staff_a).get("/nhiem-vu/").content.decode()
    assert "Quá hạn" in client_for(officer_a).get("/nhiem-vu/?status=overdue").content.decode()
    assert client_for(leader_a).get("/nhiem-vu/tong-hop/").status_code == 200
    assert client_for(staff_a).get("/nhiem-vu/tong-hop/").status_code == 403


def test_task_detail_and_progress_by_the_lead_unit(plan_a, staff_a):
    task = _task(plan_a.commune, "media_center")
    client = client_for(staff_a)
    assert "Quý III/2025" in client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    client.post(f"/nhiem-vu/{task.pk}/tien-do/", {"progress": "40", "note": "Đã phát 3 số"})
    with commune_scope(plan_a.commune):
        task.refresh_from_db()
        assert task.progress == 40 and task.milestones.get().note == "Đã phát 3 số"


def test_staff_of_another_unit_is_refused_on_tasks(plan_a, other_staff_a):
    task = _task(plan_a.commune, "media_center")
    client = client_for(other_staff_a)
    assert client.get(f"/nhiem-vu/{task.pk}/").status_code == 403
    assert client.post(f"/nhiem-vu/{task.pk}/tien-do/", {"progress": "100"}).status_code == 403
    assert client.post(f"/nhiem-vu/{task.pk}/moc/", {"date": "2025-08-01", "note": "x"}).status_code == 403
    with commune_scope(plan_a.commune):
        occurrence = task.occurrences.first()
        assert Task.objects.get(pk=task.pk).progress == 0
    assert client.post(f"/nhiem-vu/{task.pk}/ky/{occurrence.pk}/", {"status": "done"}).status_code == 403


def test_staff_cannot_cancel_or_reassign(plan_a, staff_a):
    task = _task(plan_a.commune, "media_center")
    client = client_for(staff_a)
    assert client.post(f"/nhiem-vu/{task.pk}/huy/", {"reason": "x"}).status_code == 403
    assert client.post(f"/nhiem-vu/{task.pk}/giao-lai/", {"weight": 1}).status_code == 403


def test_officer_cancels_with_a_reason(plan_a, officer_a):
    task = _task(plan_a.commune, "media_center")
    client = client_for(officer_a)
    client.post(f"/nhiem-vu/{task.pk}/huy/", {"reason": "Không còn phù hợp"})
    with commune_scope(plan_a.commune):
        assert Task.objects.get(pk=task.pk).cancel_reason == "Không còn phù hợp"


def test_quick_entry_with_a_photo_for_the_users_unit(plan_a, staff_a):
    client = client_for(staff_a)
    form = client.get("/hoat-dong/them/").content.decode()
    assert 'accept="image/*"' in form and "capture" in form
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "loudspeaker")
        topic = PlanTopic.objects.filter(plan=plan_a).first()
    response = client.post("/hoat-dong/them/", {
        "kind": kind.pk, "date": "2025-08-05", "title": "Bản tin loa về dịch vụ công",
        "topics": [topic.pk], "photos": [SimpleUploadedFile("IMG_0001.png", png_bytes())],
    })
    assert response.status_code == 302
    with commune_scope(plan_a.commune):
        created = Activity.objects.get(title="Bản tin loa về dịch vụ công")
        assert created.unit == staff_a.unit and created.created_by == staff_a
        assert created.quantity_unit == "lượt phát"
        assert Evidence.objects.get(activity=created).content_type == "image/png"
    # the next entry starts empty: nothing of the last one is carried, visible or folded away
    form = client.get("/hoat-dong/them/").content.decode()
    assert f'<option value="{kind.pk}" selected' not in form
    assert f'value="{topic.pk}" checked' not in form and " checked" not in form


def test_quick_entry_with_a_bad_file_saves_nothing(plan_a, staff_a):
    with commune_scope(plan_a.commune):
        kind = services.get_kind(plan_a.commune, "banner")
    response = client_for(staff_a).post("/hoat-dong/them/", {
        "kind": kind.pk, "date": "2025-08-05", "title": "Băng rôn",
        "photos": [SimpleUploadedFile("a.jpg", b"not an image")]})
    assert response.status_code == 200 and "không phải loại được nhận" in response.content.decode()
    with commune_scope(plan_a.commune):
        assert not Activity.objects.exists()


def test_staff_of_another_unit_is_refused_on_activities(commune_a, staff_a, other_staff_a):
    with commune_scope(commune_a):
        a = activity(commune_a, unit=unit_of(commune_a, "media_center"))
    client = client_for(other_staff_a)
    assert client.get(f"/hoat-dong/{a.pk}/").status_code == 403
    assert client.post(f"/hoat-dong/{a.pk}/sua/", {"title": "x"}).status_code == 403
    assert client.post(f"/hoat-dong/{a.pk}/xoa/").status_code == 403
    assert client.post(f"/hoat-dong/{a.pk}/minh-chung/", {"links": "https://x.vn"}).status_code == 403
    assert client_for(staff_a).get(f"/hoat-dong/{a.pk}/").status_code == 200


def test_delete_and_restore_from_the_pages(commune_a, staff_a):
    with commune_scope(commune_a):
        a = activity(commune_a, unit=unit_of(commune_a, "media_center"))
    client = client_for(staff_a)
    client.post(f"/hoat-dong/{a.pk}/xoa/", follow=True)  # the message naming it is shown here
    assert a.title not in client.get("/hoat-dong/").content.decode()
    assert a.title in client.get("/hoat-dong/da-xoa/").content.decode()
    client.post(f"/hoat-dong/{a.pk}/khoi-phuc/")
    assert a.title in client.get("/hoat-dong/").content.decode()


def test_coverage_shows_uncovered_topics(plan_a, officer_a):
    with commune_scope(plan_a.commune):
        topic = PlanTopic.objects.filter(plan=plan_a).order_by("position").first()
        activity(plan_a.commune, topics=[topic], date=date(2025, 9, 2))
    page = client_for(officer_a).get(f"/hoat-dong/bao-phu/{plan_a.pk}/").content.decode()
    assert "02/09/2025" in page and page.count("Chưa có hoạt động") == 2
    partial = client_for(officer_a).get(f"/hoat-dong/bao-phu/{plan_a.pk}/", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()


def test_coverage_template_tag(plan_a):
    from django.template import Context, Template

    with commune_scope(plan_a.commune):
        html = Template("{% load work %}{% plan_coverage plan %}").render(Context({"plan": plan_a}))
    assert html.count("Chưa có hoạt động") == 3


def _many_activities(commune, plan, n):
    with commune_scope(commune):
        topics = list(PlanTopic.objects.filter(plan=plan))
        for i in range(n):
            activity(commune, title=f"Hoạt động {i}", topics=topics[: 1 + i % 3],
                     unit=unit_of(commune, "media_center"), links=[f"https://x.vn/{i}"])


@pytest.mark.parametrize("path", ["/hoat-dong/", "/nhiem-vu/", "/hoat-dong/bao-phu/{plan}/", "/nhiem-vu/tong-hop/"])
def test_query_count_does_not_grow_with_rows(plan_a, officer_a, django_assert_max_num_queries, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer_a)
    url = path.format(plan=plan_a.pk)
    _many_activities(plan_a.commune, plan_a, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) <= 14
    _many_activities(plan_a.commune, plan_a, 40)
    with commune_scope(plan_a.commune):
        for i in range(30):
            services.add_task(plan_a.commune, title=f"Việc {i}", plan=plan_a, due=date(2025, 12, 1),
                              lead_unit=unit_of(plan_a.commune, "office"),
                              coordinating_units=[unit_of(plan_a.commune, "front")])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_activity_list_filters_and_paginates(commune_a, plan_a, officer_a):
    _many_activities(commune_a, plan_a, 55)
    client = client_for(officer_a)
    page = client.get("/hoat-dong/").content.decode()
    assert "Trang 1/2" in page
    assert "Hoạt động 54" in client.get("/hoat-dong/?q=Hoạt+động+54").content.decode()
    assert client.get("/hoat-dong/?q=Hoạt+động+54&trang=2").status_code == 200


def test_kinds_are_editable_per_commune(commune_a, officer_a, staff_a):
    client = client_for(officer_a)
    client.post("/hoat-dong/hinh-thuc/", {"name": "Sân khấu hóa", "quantity_unit": "buổi", "active": "on"})
    with commune_scope(commune_a):
        kind = services.ensure_kinds(commune_a)
        assert any(k.name == "Sân khấu hóa" for k in kind.values())
    assert client_for(staff_a).get("/hoat-dong/hinh-thuc/").status_code == 403


def test_nav_items(officer_a, staff_a):
    page = client_for(staff_a).get("/nhiem-vu/").content.decode()
    assert 'href="/nhiem-vu/"' in page and 'href="/hoat-dong/"' in page
