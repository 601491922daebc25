from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.backups.archive import make_backup, prune_backups
from tuyentruyen.backups.database import BackupError


class Command(BaseCommand):
    help = "Write a dated backup archive (database + media files + manifest) and its .sha256 file."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="folder (default: BACKUP_DIR)")
        parser.add_argument("--prune", action="store_true",
                            help="also remove archives older than BACKUP_KEEP_DAYS days")

    def handle(self, *args, dir, prune, **options):
        directory = dir or Path(settings.BACKUP_DIR)
        try:
            archive = make_backup(directory)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã sao lưu: {archive}")
        self.stdout.write(f"Mã kiểm tra: {archive}.sha256")
        if prune:
            for name in prune_backups(directory, settings.BACKUP_KEEP_DAYS):
                self.stdout.write(f"Đã xóa bản sao lưu cũ: {name}")
