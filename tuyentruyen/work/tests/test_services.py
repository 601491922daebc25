from datetime import date, timedelta

import pytest
from django.utils import timezone

from tuyentruyen.conftest import unit_of
from tuyentruyen.plans.models import PlanTopic
from tuyentruyen.plans.services import current_revision, save_document, start_new_revision, transition
from tuyentruyen.work import services
from tuyentruyen.work.kinds import DEFAULT_KIND_CODES
from tuyentruyen.work.models import OVERDUE, Activity, ActivityKind, Evidence, Task, TaskStatus
from tuyentruyen.work.schedule import periods_for, weighted_progress

from .factories import activity, issued_plan, plan_document

pytestmark = pytest.mark.django_db


def test_kinds_are_made_on_first_need_with_units(scope_a):
    kinds = services.ensure_kinds(scope_a)
    assert set(kinds) == set(DEFAULT_KIND_CODES)
    assert kinds["radio"].quantity_unit == "phút phát sóng"
    assert kinds["banner"].quantity_unit == "chiếc"
    services.ensure_kinds(scope_a)
    assert ActivityKind.objects.filter(commune=scope_a).count() == len(DEFAULT_KIND_CODES)


def test_record_activity_is_idempotent_by_source_key(scope_a, plan_a, officer_a):
    topic = PlanTopic.objects.filter(plan=plan_a).first()
    first = services.record_activity(scope_a, kind_code="news_article", title="Tin bài A", date=date(2025, 8, 2),
                                     topics=[topic], links=["https://xa.gov.vn/tin/12"],
                                     source_key="portal.article:12", user=officer_a)
    second = services.record_activity(scope_a, kind_code="news_article", title="Tin bài A (sửa)",
                                      date=date(2025, 8, 3), topics=[topic.pk], links=["https://xa.gov.vn/tin/12"],
                                      source_key="portal.article:12", is_public=True)
    assert first.pk == second.pk
    assert Activity.objects.count() == 1
    second.refresh_from_db()
    assert second.title == "Tin bài A (sửa)" and second.is_public and second.quantity_unit == "tin, bài"
    assert list(second.topics.all()) == [topic]
    assert Evidence.objects.filter(activity=second, kind="link").count() == 1


def test_record_activity_refuses_a_topic_of_another_commune(scope_a, commune_b, officer_b):
    from tuyentruyen.lib.tenancy import commune_scope

    with commune_scope(commune_b):
        plan_b = issued_plan(commune_b, officer_b)
        topic_b = PlanTopic.objects.filter(plan=plan_b).first().pk
    with pytest.raises(services.WorkError):
        services.record_activity(scope_a, kind_code="radio", title="x", date=date(2025, 8, 1), topics=[topic_b])


def test_issuing_creates_tasks_once_with_units(scope_a, plan_a):
    tasks = Task.objects.filter(plan=plan_a)
    assert tasks.count() == 4  # three catalogue rows, one unit's standing duties
    first = tasks.get(title="Ban hành kế hoạch tuyên truyền")
    assert first.lead_unit == unit_of(scope_a, "culture_social")
    assert list(first.coordinating_units.all()) == [unit_of(scope_a, "office")]
    assert first.due == date(2025, 12, 5) and first.current_due == date(2025, 12, 5)
    duty = tasks.get(kind="standing_duty")
    assert duty.lead_unit == unit_of(scope_a, "service_center") and duty.due is None
    assert duty.duties == ["Hướng dẫn trực tiếp người dân tại bộ phận một cửa", "Khảo sát mức độ hài lòng"]
    assert [o.label for o in duty.occurrences.all()] == ["Quý III/2025", "Quý IV/2025"]
    services.create_tasks_for_revision(current_revision(plan_a))
    assert tasks.count() == 4


def test_a_new_revision_adds_only_new_rows(scope_a, plan_a, officer_a):
    revision = start_new_revision(plan_a, user=officer_a)
    document = plan_document()
    document["tasks"].append({**document["tasks"][0], "no": 4, "title": "Hội nghị đối thoại với doanh nghiệp"})
    revision = save_document(revision, document, expected_version=revision.version, user=officer_a)
    for action in ("submit", "approve"):
        revision = transition(revision, action, user=officer_a)
    transition(revision, "issue", user=officer_a, number="02/KH-UBND", issued_on=date(2025, 8, 1))
    assert Task.objects.filter(plan=plan_a).count() == 5
    added = Task.objects.get(plan=plan_a, title="Hội nghị đối thoại với doanh nghiệp")
    assert added.start == date(2025, 8, 1) and added.due == date(2025, 12, 5)


def test_recurring_task_has_one_occurrence_per_quarter(scope_a, plan_a):
    task = Task.objects.get(plan=plan_a, recurrence="quarterly")
    assert [o.label for o in task.occurrences.all()] == ["Quý III/2025", "Quý IV/2025"]
    assert task.current_due == date(2025, 9, 30)
    occurrence = task.occurrences.first()
    services.update_occurrence(occurrence, status=TaskStatus.DONE)
    task.refresh_from_db()
    assert task.progress == 50 and task.status == TaskStatus.IN_PROGRESS and task.current_due == date(2025, 12, 31)


def test_triggered_task_waits_without_a_date_until_the_trigger(scope_a, plan_a):
    task = Task.objects.get(plan=plan_a, title="Tuyên truyền quyết định sắp xếp")
    assert task.waits_for_trigger and task.current_due is None and task.effective_status == TaskStatus.NOT_STARTED
    services.record_trigger(task, on=date(2025, 9, 1))
    task.refresh_from_db()
    assert task.due == date(2025, 10, 1) and task.current_due == date(2025, 10, 1)


def test_overdue_is_derived_never_stored(scope_a, plan_a):
    task = Task.objects.get(plan=plan_a, title="Ban hành kế hoạch tuyên truyền")
    assert task.status == TaskStatus.NOT_STARTED
    assert task.effective_status == OVERDUE  # 05/12/2025 has passed
    services.update_task_progress(task, progress=100)
    task.refresh_from_db()
    assert task.effective_status == TaskStatus.DONE and task.completed_on == timezone.localdate()


def test_cancel_needs_a_reason(scope_a, plan_a):
    task = Task.objects.filter(plan=plan_a).first()
    with pytest.raises(services.WorkError):
        services.cancel_task(task, reason=" ")
    services.cancel_task(task, reason="Đã gộp vào nhiệm vụ khác")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.CANCELLED


def test_activity_linked_to_a_recurring_task_completes_its_period(scope_a, plan_a):
    task = Task.objects.get(plan=plan_a, recurrence="quarterly")
    services.save_activity(scope_a, kind=services.get_kind(scope_a, "radio"), title="Phát thanh quý IV",
                           day=date(2025, 11, 3), task=task)
    assert task.occurrences.get(label="Quý IV/2025").status == TaskStatus.DONE
    task.refresh_from_db()
    assert task.progress == 50


def test_activity_linked_to_a_one_off_task_moves_it(scope_a, plan_a):
    task = Task.objects.get(plan=plan_a, title="Ban hành kế hoạch tuyên truyền")
    services.save_activity(scope_a, kind=services.get_kind(scope_a, "conference"), title="Hội nghị",
                           day=date(2025, 8, 1), task=task, task_progress=60)
    task.refresh_from_db()
    assert task.progress == 60 and task.status == TaskStatus.IN_PROGRESS


def test_split_and_reassign(scope_a, plan_a):
    task = Task.objects.get(plan=plan_a, title="Ban hành kế hoạch tuyên truyền")
    parts = services.split_task(task, parts=[{"title": "Phần 1", "lead_unit": unit_of(scope_a, "office")},
                                             {"title": "Phần 2"}])
    assert [p.parent_id for p in parts] == [task.pk, task.pk]
    assert parts[0].lead_unit == unit_of(scope_a, "office") and parts[1].lead_unit == task.lead_unit
    services.reassign_task(task, lead_unit=unit_of(scope_a, "media_center"),
                           coordinating_units=[unit_of(scope_a, "office")])
    assert Task.objects.get(pk=task.pk).lead_unit == unit_of(scope_a, "media_center")


def test_soft_delete_restore_and_purge(scope_a):
    a = activity(scope_a)
    services.delete_activity(a)
    assert Activity.objects.get(pk=a.pk).deleted_at is not None
    services.restore_activity(a)
    assert Activity.objects.get(pk=a.pk).deleted_at is None
    services.delete_activity(a)
    assert services.purge_deleted_activities(scope_a) == 0
    assert services.purge_deleted_activities(scope_a, now=timezone.now() + timedelta(days=31)) == 1
    assert not Activity.objects.filter(pk=a.pk).exists()


@pytest.mark.parametrize(("recurrence", "start", "end", "labels"), [
    ("quarterly", date(2025, 7, 1), date(2025, 12, 31), ["Quý III/2025", "Quý IV/2025"]),
    ("ongoing", date(2025, 8, 15), date(2026, 1, 31), ["Quý III/2025", "Quý IV/2025", "Quý I/2026"]),
    ("monthly", date(2025, 11, 1), date(2025, 12, 31), ["Tháng 11/2025", "Tháng 12/2025"]),
    ("half_yearly", date(2025, 1, 1), date(2025, 12, 31), ["6 tháng đầu năm 2025", "6 tháng cuối năm 2025"]),
    ("yearly", date(2025, 1, 1), date(2026, 12, 31), ["Năm 2025", "Năm 2026"]),
    ("none", date(2025, 1, 1), date(2025, 12, 31), []),
    ("quarterly", None, date(2025, 12, 31), []),
])
def test_periods(recurrence, start, end, labels):
    assert [p.label for p in periods_for(recurrence, start, end)] == labels


def test_periods_are_clipped_to_the_bounds():
    first = periods_for("quarterly", date(2025, 8, 15), date(2025, 12, 31))[0]
    assert (first.start, first.end, first.due) == (date(2025, 8, 15), date(2025, 9, 30), date(2025, 9, 30))


def test_weighted_progress():
    assert weighted_progress([(100, 3, False), (0, 1, False), (50, 5, True)]) == 75
    assert weighted_progress([(10, 1, True)]) is None
