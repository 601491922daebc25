"""Housekeeping that every installation needs, run daily by the scheduler."""

from datetime import time, timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task

from tuyentruyen.accounts.services import prune_login_failures

from .models import ScheduledRun
from .schedule import register_daily


@task()
def housekeeping() -> dict:
    """Expired sessions, stale login failures, old schedule rows. Safe to run twice."""
    sessions = Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
    failures = prune_login_failures()
    runs = ScheduledRun.objects.filter(enqueued_at__lt=timezone.now() - timedelta(days=90)).delete()[0]
    return {"sessions": sessions, "login_failures": failures, "scheduled_runs": runs}


register_daily("housekeeping", housekeeping, time(2, 30))
