"""The daily reminders: every app's reminder sources, then one e-mail digest per person."""

from datetime import time

from django_tasks import task

from tuyentruyen.jobs.schedule import register_daily

from .services import send_reminders


@task()
def daily_reminders() -> dict:
    """Safe to run twice: notifications are keyed per person and day, digests claimed per day."""
    return send_reminders()


register_daily("reminders", daily_reminders, time(6, 30))
