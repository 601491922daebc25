"""The daily refresh of the monthly activity summary (see ``models.ActivityMonth``)."""

from datetime import time

from django_tasks import task

from tuyentruyen.jobs.schedule import register_daily


@task()
def refresh_activity_months() -> int:
    from .services import refresh_recent_activity_months

    return refresh_recent_activity_months()


register_daily("province.refresh_activity_months", refresh_activity_months, time(4, 10))
