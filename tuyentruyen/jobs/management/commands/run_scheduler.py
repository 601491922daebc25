import time

from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from tuyentruyen.jobs.schedule import enqueue_due


class Command(BaseCommand):
    help = "Enqueue scheduled jobs when they are due (every minute), or once with --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, once, interval, **options):
        autodiscover_modules("tasks")  # each app registers its periodic jobs in its tasks module
        while True:
            for name in enqueue_due():
                self.stdout.write(f"Đã xếp lịch chạy: {name}")
            if once:
                return
            time.sleep(interval)
