"""Scheduled work on top of django-tasks: a registry of periodic jobs and an idempotent enqueuer.

Apps register their periodic tasks here (``register_daily``); ``manage.py run_scheduler`` checks the
registry every minute and enqueues what is due; ``manage.py db_worker`` runs it. Nothing but the
database is needed.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun


@dataclass(frozen=True)
class DailyJob:
    name: str
    task: object  # a django_tasks Task
    at: time  # local time (Asia/Ho_Chi_Minh) after which the day's run is due


_REGISTRY: dict[str, DailyJob] = {}


def register_daily(name: str, task, at: time) -> None:
    _REGISTRY[name] = DailyJob(name=name, task=task, at=at)


def registered_jobs() -> list[DailyJob]:
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job whose time today has passed and that has not been enqueued today."""
    local_now = timezone.localtime(now or timezone.now())
    period = local_now.date().isoformat()
    enqueued = []
    for job in registered_jobs():
        if local_now.time() < job.at:
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, period=period)
                result = job.task.enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another scheduler got there first
        enqueued.append(job.name)
    return enqueued
