"""The job queue and the heartbeats as /metrics reports them (jobs/metrics.py), and the log fields of a task."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tuyentruyen.jobs import heartbeat
from tuyentruyen.jobs.management.commands import run_worker
from tuyentruyen.jobs.metrics import queue_figures
from tuyentruyen.jobs.models import ProcessHeartbeat
from tuyentruyen.tests.test_json_logs import json_lines
from tuyentruyen.web.tests.test_probes import TOKEN, sample

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@task()
def quiet_work(n):
    return n


@task()
def talking_work():
    logging.getLogger("tuyentruyen.test").warning("working on it")


def enqueued_ago(task_function, ago: timedelta, *args, queue="default"):
    result = task_function.enqueue(*args)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - ago, queue_name=queue)
    return result


def test_queue_depth_counts_a_queued_job_and_the_oldest_wait():
    assert queue_figures().get("default", {}).get("ready", 0) == 0
    enqueued_ago(quiet_work, timedelta(minutes=7), 1)
    enqueued_ago(quiet_work, timedelta(seconds=5), 2)
    enqueued_ago(quiet_work, timedelta(minutes=1), 3, queue="imports")
    figures = queue_figures()
    assert figures["default"]["ready"] == 2 and figures["imports"]["ready"] == 1
    assert 7 * 60 - 5 <= figures["default"]["oldest_ready_seconds"] <= 7 * 60 + 30
    assert 55 <= figures["imports"]["oldest_ready_seconds"] <= 90


def test_a_task_for_later_is_scheduled_not_ready_and_waits_from_its_time():
    later = quiet_work.using(run_after=timezone.now() + timedelta(hours=2)).enqueue(1)
    due = quiet_work.using(run_after=timezone.now() - timedelta(minutes=3)).enqueue(2)
    DBTaskResult.objects.filter(pk=due.id).update(enqueued_at=timezone.now() - timedelta(days=1))
    figures = queue_figures()["default"]
    assert figures["scheduled"] == 1 and figures["ready"] == 1
    assert 3 * 60 - 5 <= figures["oldest_ready_seconds"] <= 3 * 60 + 30  # due for 3 minutes, not a day
    assert later.id != due.id


def test_running_and_recently_failed_tasks_are_counted():
    running = quiet_work.enqueue(1)
    failed = quiet_work.enqueue(2)
    old_failure = quiet_work.enqueue(3)
    DBTaskResult.objects.filter(pk=running.id).update(status="RUNNING", started_at=timezone.now())
    DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED", finished_at=timezone.now())
    DBTaskResult.objects.filter(pk=old_failure.id).update(status="FAILED",
                                                          finished_at=timezone.now() - timedelta(hours=3))
    figures = queue_figures()["default"]
    assert (figures["ready"], figures["running"], figures["failed_last_hour"]) == (0, 1, 1)


def test_the_scrape_reports_the_queue_and_the_heartbeats(client, settings):
    settings.METRICS_TOKEN = TOKEN
    enqueued_ago(quiet_work, timedelta(minutes=2), 1)
    heartbeat.beat("w-alive", heartbeat.WORKER)
    heartbeat.beat("w-dead", heartbeat.WORKER)
    ProcessHeartbeat.objects.filter(name="w-dead").update(beat_at=timezone.now() - timedelta(hours=1))
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert sample(text, "tuyentruyen_jobs_ready", queue="default") == 1.0
    assert sample(text, "tuyentruyen_jobs_oldest_ready_age_seconds", queue="default") >= 115
    assert sample(text, "tuyentruyen_processes_alive", role="worker") == 1.0
    assert sample(text, "tuyentruyen_processes_alive", role="scheduler") == 0.0
    assert sample(text, "tuyentruyen_process_last_beat_age_seconds", role="worker") < 60
    assert sample(text, "tuyentruyen_process_last_beat_age_seconds", role="scheduler") is None  # never seen


@pytest.mark.django_db(transaction=True)
def test_each_task_logs_with_the_worker_the_task_and_a_request_id_of_its_own():
    with json_lines() as lines:
        first, second = talking_work.enqueue(), talking_work.enqueue()
        run_worker.SupervisedWorker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                                    startup_delay=False, max_tasks=None, worker_id="w-logs",
                                    excluded_queue_names=[]).run()
        working = [line for line in lines() if line["message"] == "working on it"]
    assert {line["job"] for line in working} == {str(first.id), str(second.id)}
    assert {line["worker"] for line in working} == {"w-logs"}
    assert len({line["request_id"] for line in working}) == 2


def test_each_scheduler_tick_logs_with_the_scheduler_and_an_id(monkeypatch):
    from django.core.management import call_command

    from tuyentruyen.jobs.management.commands import run_scheduler

    def enqueue_due():
        logging.getLogger("tuyentruyen.test").warning("looking at the schedule")
        return []

    monkeypatch.setattr(run_scheduler, "enqueue_due", enqueue_due)
    with json_lines() as lines:
        call_command("run_scheduler", "--once")
        [line] = [line for line in lines() if line["message"] == "looking at the schedule"]
    assert line["worker"] == "scheduler" and len(line["request_id"]) == 32
