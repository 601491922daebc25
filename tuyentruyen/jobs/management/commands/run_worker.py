"""The background worker that ``./run`` starts: django-tasks-db's ``db_worker`` with a heartbeat, and
without dying on a busy database.

- A thread writes the worker's heartbeat every few seconds, also while a long task runs, and takes
  back the tasks of workers that died (``jobs/leases.py``).
- "database is locked" (or any database error) while looking for work is logged and waited out with
  a growing pause, instead of ending the process.
"""

import logging
import threading
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from tuyentruyen.jobs import heartbeat, leases
from tuyentruyen.lib import logcontext

logger = logging.getLogger(__name__)

BEAT_SECONDS = 5
REAP_EVERY_BEATS = 6


class SupervisedWorker(Worker):
    def run(self) -> None:
        started_at = timezone.now()
        stop = threading.Event()
        beater = threading.Thread(target=self._beat, args=(stop, started_at), daemon=True, name="heartbeat")
        beater.start()
        pause = 1.0
        try:
            while self.running:
                try:
                    super().run()
                    return
                except OperationalError as exc:  # the database is busy or gone for a moment: wait, retry
                    logger.warning("worker %s: database error while looking for work (%s); retrying in %.0f s",
                                   self.worker_id, exc, pause)
                    connection.close()
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
                    self.startup_delay = False
        finally:
            stop.set()
            beater.join(timeout=BEAT_SECONDS)
            try:
                heartbeat.forget(self.worker_id)
            except OperationalError:
                pass  # its beat goes stale by itself

    def run_task(self, db_task_result) -> None:
        # Each task's log lines carry a request id of their own, the worker and the task (lib/jsonlog.py).
        with logcontext.bound(request_id=logcontext.new_request_id(), worker=self.worker_id,
                              job=str(db_task_result.id)):
            super().run_task(db_task_result)

    def _beat(self, stop: threading.Event, started_at) -> None:
        beats = 0
        while not stop.is_set():
            try:
                heartbeat.beat(self.worker_id, heartbeat.WORKER, started_at)
                if beats % REAP_EVERY_BEATS == 0:
                    leases.reap_abandoned()
                    heartbeat.prune()
            except Exception:  # a missed beat is not fatal; a dead thread would be
                logger.warning("worker %s: heartbeat failed", self.worker_id, exc_info=True)
            finally:
                connection.close()  # this thread's own connection: never hold it between beats
            beats += 1
            stop.wait(BEAT_SECONDS)


class Command(BaseCommand):
    help = "Run the background worker (db_worker with a heartbeat, restarted work of dead workers)."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="queues, comma-separated")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between two looks for work")
        parser.add_argument("--worker-id", default="")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, queue_name, interval, worker_id, batch, **options):
        logging.getLogger("django_tasks").setLevel(logging.INFO)
        worker = SupervisedWorker(
            queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name="default",
            startup_delay=not batch, max_tasks=None, worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[])
        worker.configure_signals()
        worker.run()
