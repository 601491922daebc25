from django.db import models


class ScheduledRun(models.Model):
    """One row per scheduled job per period: the unique key makes enqueueing idempotent, so two
    schedulers running at once (or one restarted mid-day) enqueue each daily job exactly once."""

    job = models.CharField(max_length=100)
    period = models.CharField(max_length=40)
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period}"


class ProcessHeartbeat(models.Model):
    """The last sign of life of a background process (a worker or the scheduler), written every few
    seconds. ``/healthz`` reports its age; a running task whose worker stopped beating is taken back
    (``jobs/leases.py``)."""

    name = models.CharField(max_length=64, unique=True)  # the worker id, or "scheduler"
    role = models.CharField(max_length=12)  # "worker" or "scheduler"
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.role} {self.name}"
