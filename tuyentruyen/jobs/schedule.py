"""Scheduled work on top of django-tasks: a registry of periodic jobs and an idempotent enqueuer.

Apps register their periodic tasks here, and only here, from their ``tasks`` module
(``register_daily`` / ``register_every``; reminders likewise register with
``notifications.services.register_reminder_source`` from the same module). ``manage.py run_scheduler``
imports every app's ``tasks`` module (``discover_jobs``), checks the registry every minute and enqueues
what is due; ``manage.py run_worker`` runs it. Nothing but the database is needed.
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

    def period(self, local_now: datetime) -> str | None:
        return local_now.date().isoformat() if local_now.time() >= self.at else None


@dataclass(frozen=True)
class IntervalJob:
    name: str
    task: object
    minutes: int  # runs once in each slot of this many minutes; slots start at midnight

    def period(self, local_now: datetime) -> str:
        slot = (local_now.hour * 60 + local_now.minute) // self.minutes
        return f"{local_now:%Y-%m-%d}#{slot}"


_REGISTRY: dict[str, DailyJob | IntervalJob] = {}


def register_daily(name: str, task, at: time) -> None:
    _REGISTRY[name] = DailyJob(name=name, task=task, at=at)


def register_every(name: str, task, minutes: int) -> None:
    if minutes <= 0 or 1440 % minutes:
        raise ValueError("minutes must divide a day (1440) so that slots line up from midnight")
    _REGISTRY[name] = IntervalJob(name=name, task=task, minutes=minutes)


def discover_jobs() -> list[str]:
    """Import every app's ``tasks`` module, where its jobs register; returns the registered names."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    return [job.name for job in registered_jobs()]


def registered_jobs() -> list[DailyJob | IntervalJob]:
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due in its current period (a day, or an N-minute slot) and has not been
    enqueued in that period yet."""
    local_now = timezone.localtime(now or timezone.now())
    enqueued = []
    for job in registered_jobs():
        period = job.period(local_now)
        if period is None:
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
