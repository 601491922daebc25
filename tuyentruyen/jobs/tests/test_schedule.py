from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django_tasks import task

from tuyentruyen.jobs import schedule
from tuyentruyen.jobs.models import ScheduledRun
from tuyentruyen.jobs.tasks import housekeeping

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@task()
def sample_job():
    return "ok"


@pytest.fixture
def only_sample(monkeypatch):
    monkeypatch.setattr(schedule, "_REGISTRY", {})
    schedule.register_daily("sample", sample_job, time(6, 0))


@pytest.mark.django_db
def test_a_daily_job_is_enqueued_once_a_day(only_sample):
    assert schedule.enqueue_due(datetime(2026, 3, 2, 5, 59, tzinfo=HCM)) == []
    assert schedule.enqueue_due(datetime(2026, 3, 2, 6, 1, tzinfo=HCM)) == ["sample"]
    assert schedule.enqueue_due(datetime(2026, 3, 2, 23, 0, tzinfo=HCM)) == []
    assert schedule.enqueue_due(datetime(2026, 3, 3, 6, 0, tzinfo=HCM)) == ["sample"]
    assert ScheduledRun.objects.count() == 2


@pytest.mark.django_db
def test_housekeeping_runs_and_can_run_twice(officer_a):
    from tuyentruyen.accounts.services import record_login_failure

    record_login_failure("x", "1.2.3.4")
    first = housekeeping.call()
    second = housekeeping.call()
    assert set(first) == {"sessions", "login_failures", "scheduled_runs"}
    assert second["login_failures"] == 0


@pytest.mark.django_db
def test_an_interval_job_runs_once_per_slot(monkeypatch):
    monkeypatch.setattr(schedule, "_REGISTRY", {})
    schedule.register_every("often", sample_job, 15)
    assert schedule.enqueue_due(datetime(2026, 3, 2, 9, 1, tzinfo=HCM)) == ["often"]
    assert schedule.enqueue_due(datetime(2026, 3, 2, 9, 14, tzinfo=HCM)) == []
    assert schedule.enqueue_due(datetime(2026, 3, 2, 9, 15, tzinfo=HCM)) == ["often"]
    with pytest.raises(ValueError):
        schedule.register_every("odd", sample_job, 7)
