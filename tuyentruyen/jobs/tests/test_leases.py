import os
import signal
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tuyentruyen.jobs import heartbeat, leases
from tuyentruyen.jobs.models import ProcessHeartbeat

pytestmark = pytest.mark.django_db


@task()
def sample_work(n):
    return n


def running(worker_ids, started_ago=timedelta(minutes=5)) -> DBTaskResult:
    result = sample_work.enqueue(7)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=worker_ids,
                                                     started_at=timezone.now() - started_ago)
    return DBTaskResult.objects.get(pk=result.id)


def beat(name, ago=timedelta(0)):
    heartbeat.beat(name, heartbeat.WORKER)
    ProcessHeartbeat.objects.filter(name=name).update(beat_at=timezone.now() - ago)


@pytest.fixture
def abandoned(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    leases.task_abandoned.connect(receiver)
    yield seen
    leases.task_abandoned.disconnect(receiver)


def test_a_task_of_a_dead_worker_is_retried_once_then_failed(abandoned):
    beat("dead", ago=timedelta(minutes=3))
    result = running(["dead"])
    assert leases.reap_abandoned() == [str(result.pk)]
    result.refresh_from_db()
    assert result.status == "READY"
    assert abandoned[0]["retried"] is True and abandoned[0]["args"] == [7]
    assert abandoned[0]["task_path"].endswith("test_leases.sample_work")

    DBTaskResult.objects.filter(pk=result.pk).update(status="RUNNING", worker_ids=["dead", "dead-too"],
                                                     started_at=timezone.now() - timedelta(minutes=5))
    assert leases.reap_abandoned() == [str(result.pk)]
    result.refresh_from_db()
    assert result.status == "FAILED" and result.exception_class_path == leases.WORKER_DIED
    assert abandoned[1]["retried"] is False
    assert leases.reap_abandoned() == []  # nothing left to take back


def test_the_task_of_a_live_worker_is_left_alone(abandoned):
    beat("alive", ago=timedelta(seconds=5))
    result = running(["alive"])
    young = running(["never-beat"], started_ago=timedelta(seconds=5))  # just claimed: too early to judge
    assert leases.reap_abandoned() == []
    assert {r.status for r in DBTaskResult.objects.filter(pk__in=[result.pk, young.pk])} == {"RUNNING"}
    assert abandoned == []


def test_healthz_reports_each_process(client):
    body = client.get("/healthz").json()
    assert body["web"]["status"] == "ok" and body["worker"]["status"] == "missing"
    assert body["status"] == "degraded"
    beat("w1", ago=timedelta(seconds=3))
    heartbeat.beat("scheduler", heartbeat.SCHEDULER)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["worker"]["alive"] == 1 and 2 <= body["worker"]["last_beat_age_seconds"] < 10
    ProcessHeartbeat.objects.filter(name="w1").update(beat_at=timezone.now() - timedelta(minutes=5))
    body = client.get("/healthz").json()
    assert client.get("/healthz").status_code == 200  # a stopped worker is reported, the web still serves
    assert body["worker"]["status"] == "stale" and body["worker"]["last_beat_age_seconds"] >= 300


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken():
        raise OperationalError("unable to open database file")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["web"]["database"] == "unreachable"


def test_the_scheduler_ticking_once_a_minute_is_not_reported_stale(client):
    from django.core.management import call_command

    call_command("run_scheduler", "--once")
    ProcessHeartbeat.objects.filter(role="scheduler").update(beat_at=timezone.now() - timedelta(seconds=90))
    assert client.get("/healthz").json()["scheduler"]["status"] == "ok"
    ProcessHeartbeat.objects.filter(role="scheduler").update(beat_at=timezone.now() - timedelta(minutes=10))
    assert client.get("/healthz").json()["scheduler"]["status"] == "stale"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_scheduler_stops_between_ticks_on_a_signal_and_leaves_no_heartbeat(signum):
    from django.core.management import call_command

    before = signal.getsignal(signum)
    threading.Timer(1.0, os.kill, (os.getpid(), signum)).start()
    started = time.monotonic()
    call_command("run_scheduler", "--interval", "60")  # would sleep a minute between ticks
    assert time.monotonic() - started < 20  # the signal ended the wait, not the interval
    assert not ProcessHeartbeat.objects.filter(role="scheduler").exists()
    assert signal.getsignal(signum) == before  # the test process gets its own handler back
