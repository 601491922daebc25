"""The daily backup, kept for BACKUP_KEEP_DAYS days in the backups storage."""

from datetime import time

from django.conf import settings
from django_tasks import task

from tuyentruyen.jobs.schedule import register_daily

from .archive import make_backup, prune_backups


@task()
def daily_backup() -> dict:
    """A new archive, then the old ones removed. Running it twice on a day makes two archives, which
    costs disk space and nothing else."""
    name = make_backup()
    removed = prune_backups(None, settings.BACKUP_KEEP_DAYS)
    return {"archive": name, "removed": removed}


# Before the purge of deleted activities (03:15), so that last night's state is in a backup first.
register_daily("backups.daily_backup", daily_backup, time(1, 45))
