from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tuyentruyen.backups.archive import backup_storage, fetched, restore_backup, verify_backup
from tuyentruyen.backups.database import BackupError

YES = {"có", "co", "yes", "y"}


class Command(BaseCommand):
    help = ("Check a backup archive against its .sha256 file and manifest, then replace this "
            "installation's database and media files with it. Stop web, worker and scheduler first. "
            "ARCHIVE is a name listed by `backup --list` (in the backups storage) or a local file.")

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--check", action="store_true", help="only verify the archive; change nothing")

    def handle(self, *args, archive, yes, check, **options):
        local = Path(archive)
        try:
            # a local file given by path is read where it is; otherwise the kept archive is fetched
            source = nullcontext(local) if local.is_file() else fetched(archive, backup_storage())
            with source as path:
                self._restore(path, yes=yes, check=check)
        except BackupError as exc:
            raise CommandError(exc.message) from exc

    def _restore(self, archive: Path, *, yes: bool, check: bool) -> None:
        manifest = verify_backup(archive)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Bản sao lưu còn nguyên vẹn: {archive.name}, lập lúc {manifest['created_at']}, "
                          f"{len(manifest['tables'])} bảng, {rows} dòng, {len(manifest['files'])} tệp.")
        if check:
            return
        if not yes:
            try:
                answer = input(f"Toàn bộ dữ liệu hiện có của cơ sở dữ liệu {connection.settings_dict['NAME']} "
                               "và các tệp đính kèm sẽ bị thay bằng bản sao lưu này. Gõ «có» để tiếp tục: ")
            except EOFError:  # no terminal to answer from: the same as a no
                answer = ""
            if answer.strip().lower() not in YES:
                raise CommandError("Đã hủy: chưa khôi phục gì.")
        summary = restore_backup(archive, manifest=manifest)
        self.stdout.write(f"Đã khôi phục {summary.tables} bảng ({summary.rows} dòng) và {summary.files} tệp. "
                          "Nếu mã nguồn mới hơn bản sao lưu, hãy chạy manage.py migrate.")
