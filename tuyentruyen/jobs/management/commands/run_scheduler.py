import logging
import os
import signal
import socket
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection
from django.utils import timezone

from tuyentruyen.jobs import heartbeat, leases
from tuyentruyen.jobs.schedule import discover_jobs, enqueue_due
from tuyentruyen.lib import logcontext

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue scheduled jobs when they are due (every minute), or once with --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, once, interval, **options):
        discover_jobs()
        started_at = timezone.now()
        # One heartbeat per scheduler, wherever it runs: several may run at once (schedule.py enqueues
        # each job once whatever their number), and each should be seen alive or gone.
        self.name = f"scheduler-{socket.gethostname()}-{os.getpid()}"[:64]
        # SIGINT and SIGTERM ask it to stop between ticks, never inside one: a query interrupted half-way
        # (through PgBouncer, or holding the row another scheduler waits for) could leave both waiting.
        self.stopping = threading.Event()
        previous = {} if once else {signum: signal.signal(signum, lambda *_: self.stopping.set())
                                    for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            while not self.stopping.is_set():
                try:
                    with logcontext.bound(request_id=logcontext.new_request_id(), worker="scheduler"):
                        self.tick(started_at)  # each tick's log lines share an id (lib/jsonlog.py)
                except DatabaseError as exc:  # busy or unreachable for a moment: the next tick tries again
                    logger.warning("scheduler: database error (%s); next try in %s s", exc, interval)
                    connection.close()
                if once:
                    return
                self.stopping.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            if not once:
                try:
                    heartbeat.forget(self.name)
                except DatabaseError:
                    pass  # its beat goes stale by itself

    def tick(self, started_at) -> None:
        heartbeat.beat(self.name, heartbeat.SCHEDULER, started_at)
        for name in enqueue_due():
            self.stdout.write(f"Đã xếp lịch chạy: {name}")
        # A second observer besides the workers: if the only worker died, its tasks are still noticed.
        leases.reap_abandoned()
