from datetime import date

import pytest

from tuyentruyen.conftest import unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work import services
from tuyentruyen.work.models import Task
from tuyentruyen.work.reminders import task_reminders

pytestmark = pytest.mark.django_db


def test_due_soon_and_overdue_remind_the_unit_and_the_officer(plan_a, officer_a, staff_a, other_staff_a):
    commune = plan_a.commune
    with commune_scope(commune):
        # 20/09/2025: the radio task's Q3 period is due in 10 days, the plan's first task in 76
        assert task_reminders(commune, date(2025, 9, 20)) == []
        reminders = task_reminders(commune, date(2025, 9, 25))
        by_user = {(r.user.username, r.key.split(":")[2]) for r in reminders}
        assert by_user == {("donvi_a", "due"), ("canbo_a", "due")}
        reminders = task_reminders(commune, date(2025, 10, 2))
        assert {r.kind for r in reminders} == {"overdue"}
        assert all("quá hạn từ 30/09/2025" in r.title for r in reminders)
        assert "donvi2_a" not in {r.user.username for r in reminders}
        assert all(r.url.startswith("/nhiem-vu/") for r in reminders)


def test_the_window_is_a_commune_setting_and_done_tasks_are_quiet(plan_a, staff_a):
    commune = plan_a.commune
    commune.settings = {"reminder_days": 15}
    with commune_scope(commune):
        assert task_reminders(commune, date(2025, 9, 20))
        task = Task.objects.get(plan=plan_a, recurrence="quarterly")
        services.update_occurrence(task.occurrences.first(), status="done")
        assert task_reminders(commune, date(2025, 9, 20)) == []


def test_many_tasks_are_summed_up(plan_a, officer_a):
    commune = plan_a.commune
    with commune_scope(commune):
        for i in range(15):
            services.add_task(commune, title=f"Việc {i}", due=date(2025, 9, 1), lead_unit=unit_of(commune, "office"))
        reminders = [r for r in task_reminders(commune, date(2025, 9, 2)) if r.user == officer_a]
    assert len(reminders) == 11 and reminders[-1].title.startswith("Còn ")


def test_the_source_is_registered_with_notifications():
    import tuyentruyen.work.tasks  # noqa: F401  (where every app registers its jobs and reminders)
    from tuyentruyen.notifications.services import reminder_sources

    assert task_reminders in reminder_sources()
