"""Taking back the tasks of a worker that died (``kill -9``, out of memory, machine restart).

A task row stays RUNNING when its worker dies mid-task. Its lease is the worker's heartbeat: once the
worker that claimed it has not beaten for ``heartbeat.stale_after()``, the task is put back in the
queue once (retried), and marked failed the second time. Either way ``task_abandoned`` is sent so
the app that owns the task can tidy its own records (an import job, its uploaded file).
"""

import logging

from django.dispatch import Signal
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import heartbeat

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2  # the first run and one retry

# sent with task_path (dotted path of the task function), args, kwargs, retried (bool)
task_abandoned = Signal()

WORKER_DIED = "tuyentruyen.jobs.leases.WorkerDied"


def reap_abandoned(now=None) -> list[str]:
    """Requeue or fail every RUNNING task whose worker is no longer alive. Safe to run at once from
    several processes: each row changes state in one conditional UPDATE, and only the process whose
    UPDATE matched sends the signal."""
    now = now or timezone.now()
    alive = heartbeat.live_names(heartbeat.WORKER, now)
    grace = now - heartbeat.stale_after()
    reaped = []
    for result in DBTaskResult.objects.filter(status="RUNNING"):
        worker = result.worker_ids[-1] if result.worker_ids else None
        if worker in alive or (result.started_at and result.started_at > grace):
            continue  # its worker is alive, or it was claimed too recently to judge
        retried = len(result.worker_ids) < MAX_ATTEMPTS
        running = DBTaskResult.objects.filter(pk=result.pk, status="RUNNING")
        if retried:
            changed = running.update(status="READY")
        else:
            changed = running.update(status="FAILED", finished_at=now, exception_class_path=WORKER_DIED,
                                     traceback=f"worker {worker} stopped without finishing this task")
        if not changed:
            continue  # another process got there first, or the task finished meanwhile
        logger.warning("task %s (%s) abandoned by worker %s: %s", result.pk, result.task_path, worker,
                       "requeued" if retried else "failed")
        task_abandoned.send(sender=DBTaskResult, task_path=result.task_path, args=result.args_kwargs["args"],
                            kwargs=result.args_kwargs["kwargs"], retried=retried)
        reaped.append(str(result.pk))
    return reaped
