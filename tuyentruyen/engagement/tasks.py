"""Daily work: finished contests recorded as communication activities (idempotent, safe to run twice),
attachment files no row references swept, and overdue feedback handed to the notifications app's
reminders."""

from datetime import time

from django_tasks import task

from tuyentruyen.jobs.schedule import register_daily
from tuyentruyen.notifications.services import register_reminder_source

from .reminders import overdue_feedback_reminders
from .services import record_finished_contests, remove_orphan_attachments
from .updates import send_update


@task()
def record_contests() -> dict:
    return {"recorded": record_finished_contests()}


@task()
def send_feedback_update(feedback_id: int, event: str) -> dict:
    """Tell the resident their feedback's new status (updates.py): once per item, event and channel."""
    return send_update(feedback_id, event)


@task()
def remove_orphan_feedback_files() -> dict:
    return remove_orphan_attachments()


register_daily("engagement.record_contests", record_contests, time(1, 15))
register_daily("engagement.remove_orphan_feedback_files", remove_orphan_feedback_files, time(3, 50))
register_reminder_source(overdue_feedback_reminders)
