"""The background work's figures for ``/metrics``: the queue (django-tasks-db's table) and the heartbeats of
workers and schedulers. Read at scrape time from the database, so any app server answers the same figures
for the whole installation (alert on ``max``, not ``sum``, across servers)."""

from datetime import timedelta

from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.core import GaugeMetricFamily

from . import heartbeat

FAILED_WINDOW = timedelta(hours=1)


def queue_figures(now=None) -> dict[str, dict]:
    """Per queue: ready (due now), oldest_ready_seconds (how long the longest-waiting due task has been
    due), scheduled (waiting for a later time), running, failed_last_hour."""
    now = now or timezone.now()
    date_max = get_date_max()
    figures: dict[str, dict] = {}

    def queue(name):
        return figures.setdefault(name, {"ready": 0, "oldest_ready_seconds": 0.0, "scheduled": 0,
                                         "running": 0, "failed_last_hour": 0})

    # A task is due from its enqueueing, or from its run_after when it was given one.
    due_since = Case(When(run_after=date_max, then=F("enqueued_at")), default=Greatest("enqueued_at", "run_after"))
    for row in (DBTaskResult.objects.ready().order_by().values("queue_name")
                .annotate(n=Count("id"), oldest=Min(due_since))):
        entry = queue(row["queue_name"])
        entry["ready"] = row["n"]
        if row["oldest"] is not None:
            entry["oldest_ready_seconds"] = max(0.0, round((now - row["oldest"]).total_seconds(), 1))
    counted = (
        ("scheduled", DBTaskResult.objects.filter(status="READY", run_after__gt=now).exclude(run_after=date_max)),
        ("running", DBTaskResult.objects.filter(status="RUNNING")),
        ("failed_last_hour", DBTaskResult.objects.filter(status="FAILED", finished_at__gte=now - FAILED_WINDOW)),
    )
    for key, rows in counted:
        for row in rows.order_by().values("queue_name").annotate(n=Count("id")):
            queue(row["queue_name"])[key] = row["n"]
    return figures


class JobsCollector:
    """prometheus_client collector: the queue per queue name, the live processes and their last beat."""

    def collect(self):
        now = timezone.now()
        gauges = {
            "ready": GaugeMetricFamily("tuyentruyen_jobs_ready", "Tasks due to run and not yet taken by a worker.",
                                       labels=["queue"]),
            "oldest_ready_seconds": GaugeMetricFamily(
                "tuyentruyen_jobs_oldest_ready_age_seconds",
                "How long the longest-waiting due task has waited for a worker.", labels=["queue"]),
            "scheduled": GaugeMetricFamily("tuyentruyen_jobs_scheduled", "Tasks waiting for a later time.",
                                           labels=["queue"]),
            "running": GaugeMetricFamily("tuyentruyen_jobs_running", "Tasks a worker is running.", labels=["queue"]),
            "failed_last_hour": GaugeMetricFamily("tuyentruyen_jobs_failed_last_hour",
                                                  "Tasks that failed in the last hour.", labels=["queue"]),
        }
        figures = queue_figures(now)
        for name in sorted(figures.keys() | {"default"}):
            entry = figures.get(name) or {key: 0 for key in gauges}
            for key, gauge in gauges.items():
                gauge.add_metric([name], entry[key])
        yield from gauges.values()

        alive = GaugeMetricFamily("tuyentruyen_processes_alive",
                                  "Background processes whose heartbeat is fresh, by role.", labels=["role"])
        age = GaugeMetricFamily("tuyentruyen_process_last_beat_age_seconds",
                                "Seconds since the freshest heartbeat of the role (absent: never seen).",
                                labels=["role"])
        for role, state in heartbeat.report(now).items():
            alive.add_metric([role], state["alive"])
            if state["last_beat_age_seconds"] is not None:
                age.add_metric([role], state["last_beat_age_seconds"])
        yield alive
        yield age
