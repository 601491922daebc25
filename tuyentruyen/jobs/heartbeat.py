"""Signs of life of the background processes, for ``/healthz`` and for taking back abandoned tasks."""

import os
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ProcessHeartbeat

WORKER, SCHEDULER = "worker", "scheduler"


def stale_after(role: str = "worker") -> timedelta:
    """A process that has not beaten for this long is taken for dead: a worker beats every 5 s; the
    scheduler once a tick (a minute), so it is given two more minutes."""
    seconds = getattr(settings, "JOBS_HEARTBEAT_STALE_SECONDS", 60)
    return timedelta(seconds=seconds + (120 if role == "scheduler" else 0))


def beat(name: str, role: str, started_at=None) -> None:
    now = timezone.now()
    ProcessHeartbeat.objects.update_or_create(
        name=name, defaults={"role": role, "pid": os.getpid(), "beat_at": now},
        create_defaults={"role": role, "pid": os.getpid(), "beat_at": now, "started_at": started_at or now})


def forget(name: str) -> None:
    ProcessHeartbeat.objects.filter(name=name).delete()


def live_names(role: str, now=None) -> set[str]:
    now = now or timezone.now()
    return set(ProcessHeartbeat.objects.filter(role=role, beat_at__gte=now - stale_after(role))
               .values_list("name", flat=True))


def worker_alive(now=None) -> bool:
    return bool(live_names(WORKER, now))


def report(now=None) -> dict:
    """Per role: how many are alive and the age in seconds of the freshest beat (None: never seen)."""
    now = now or timezone.now()
    out = {}
    for role in (WORKER, SCHEDULER):
        beats = list(ProcessHeartbeat.objects.filter(role=role).values_list("beat_at", flat=True))
        freshest = max(beats, default=None)
        age = round((now - freshest).total_seconds(), 1) if freshest else None
        alive = sum(1 for b in beats if now - b <= stale_after(role))
        out[role] = {"status": "ok" if alive else ("stale" if beats else "missing"),
                     "alive": alive, "last_beat_age_seconds": age}
    return out


def prune(now=None) -> int:
    """Rows of processes gone for a day (each worker start has its own id)."""
    now = now or timezone.now()
    return ProcessHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()[0]
