"""Background work of the execution app: large Excel imports, the daily purge of deleted activities
(restorable for 30 days before it), the daily sweep of files no row references, and the task reminders."""

from datetime import time

from django_tasks import task

from tuyentruyen.jobs.schedule import register_daily
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
from tuyentruyen.notifications.services import register_reminder_source

from .reminders import task_reminders


@task()
def import_xlsx(job_id: int) -> str:
    from .imports import process_job
    from .models import ImportJob

    with scopes_disabled():  # the job id is all we get; its commune is read to re-enter the scope
        job = ImportJob.objects.select_related("commune__province", "created_by").get(pk=job_id)
    with commune_scope(job.commune):
        return process_job(job).status


@task()
def purge_deleted_activities() -> dict:
    from tuyentruyen.localities.models import Commune

    from .services import purge_deleted_activities as purge

    purged = {}
    for commune in Commune.objects.filter(onboarded_at__isnull=False).select_related("province"):
        with commune_scope(commune):
            count = purge(commune)
        if count:
            purged[commune.pk] = count
    return purged


@task()
def remove_orphan_files() -> dict:
    from .services import remove_orphan_files as sweep

    return sweep()


@task()
def remove_stale_import_files() -> int:
    from .imports import remove_stale_files

    return remove_stale_files()


register_daily("work.purge_deleted_activities", purge_deleted_activities, time(3, 15))
register_daily("work.remove_stale_import_files", remove_stale_import_files, time(3, 20))
register_daily("work.remove_orphan_files", remove_orphan_files, time(3, 45))  # after the purge
register_reminder_source(task_reminders)
