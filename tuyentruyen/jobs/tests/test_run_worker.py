import pytest
from django.db import OperationalError
from django_tasks_db.management.commands.db_worker import Worker

from tuyentruyen.jobs.management.commands import run_worker
from tuyentruyen.jobs.models import ProcessHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)


def make_worker():
    return run_worker.SupervisedWorker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                                       startup_delay=False, max_tasks=None, worker_id="w-test",
                                       excluded_queue_names=[])


def test_a_locked_database_does_not_end_the_worker(monkeypatch):
    calls = []

    def flaky_run(self):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")

    monkeypatch.setattr(Worker, "run", flaky_run)
    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    make_worker().run()
    assert len(calls) == 3


def test_the_worker_beats_while_it_runs_and_forgets_itself_after(monkeypatch):
    seen = []

    def looking_for_work(self):
        for _ in range(100):
            if ProcessHeartbeat.objects.filter(name="w-test", role="worker").exists():
                seen.append(True)
                return
            run_worker.threading.Event().wait(0.05)

    monkeypatch.setattr(Worker, "run", looking_for_work)
    make_worker().run()
    assert seen == [True] and not ProcessHeartbeat.objects.filter(name="w-test").exists()
