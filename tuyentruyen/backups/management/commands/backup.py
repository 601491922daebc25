from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.backups.archive import checksum_name, list_backups, make_backup, prune_backups
from tuyentruyen.backups.database import BackupError
from tuyentruyen.lib.bounds import format_size


class Command(BaseCommand):
    help = ("Write a dated backup archive (database + media files + manifest) and its .sha256 file to the "
            "backups storage (BACKUP_DIR, or the object store when S3_BUCKET is set).")

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None,
                            help="write to this folder instead of the backups storage")
        parser.add_argument("--prune", action="store_true",
                            help="also remove archives older than BACKUP_KEEP_DAYS days")
        parser.add_argument("--list", action="store_true", dest="list_only", help="only list the kept archives")

    def handle(self, *args, dir, prune, list_only, **options):
        if list_only:
            backups = list_backups(dir)
            if not backups:
                self.stdout.write("Chưa có bản sao lưu nào.")
            for entry in backups:
                missing = "" if entry["checksum"] else " (thiếu tệp mã kiểm tra)"
                self.stdout.write(f"{entry['name']}\t{format_size(entry['size'])}\t"
                                  f"{entry['created_at']:%d/%m/%Y %H:%M}{missing}")
            return
        try:
            name = make_backup(dir)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã sao lưu: {name}")
        self.stdout.write(f"Mã kiểm tra: {checksum_name(name)}")
        if prune:
            for removed in prune_backups(dir, settings.BACKUP_KEEP_DAYS):
                self.stdout.write(f"Đã xóa bản sao lưu cũ: {removed}")
