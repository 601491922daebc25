"""Daily clean-up of the site-wide bookkeeping: one-time form tokens older than two days."""

from datetime import time

from django_tasks import task

from tuyentruyen.jobs.schedule import register_daily


@task()
def forget_old_submissions() -> int:
    from .once import forget_old_submissions as forget

    return forget()


register_daily("web.forget_old_submissions", forget_old_submissions, time(3, 40))
