from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tuyentruyen.notifications.services import send_reminders


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: {value} (dạng YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Send today's reminders and e-mail digests now (what the daily job does at 06:30)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as of this day, YYYY-MM-DD (default: today)")

    def handle(self, *args, date=None, **options):
        counts = send_reminders(_date(date) if date else None)
        self.stdout.write(
            "Đã chạy nhắc việc: {communes} xã, {reminders} lời nhắc, {created} thông báo mới, "
            "{skipped} bỏ qua, {errors} lỗi, {emails} thư đã gửi.".format(**counts)
        )
