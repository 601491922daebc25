"""Daily work: finished contests recorded as communication activities (idempotent, safe to run twice),
and overdue feedback handed to the notifications app's reminders."""

from datetime import time

from django_tasks import task

from tuyentruyen.jobs.schedule import register_daily
from tuyentruyen.notifications.services import register_reminder_source

from .reminders import overdue_feedback_reminders
from .services import record_finished_contests


@task()
def record_contests() -> dict:
    return {"recorded": record_finished_contests()}


register_daily("engagement.record_contests", record_contests, time(1, 15))
register_reminder_source(overdue_feedback_reminders)
