"""Time the dashboard and report generation for a commune with 20,000 activities, on SQLite.

Builds a temporary SQLite database (migrated from scratch, deleted afterwards), seeds one commune with
20,000 activities (a third with evidence, most linked to a plan topic), 400 tasks and recurring task
periods, then times, side by side in one run:

- the page (``/tong-quan/``, the whole request through the test client) and the bare SQL it needs: the
  same statements, recorded while the page ran, replayed on a raw cursor;
- the commune's report figures (``figures.commune_figures``) and its bare SQL, likewise;
- the DOCX of that report.

The ratio page / bare SQL is the overhead of Django, templates and SVG. Target: p95 under 200 ms.

    .venv/bin/python bench/dashboard.py [--activities 20000] [--runs 30]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="bench-dashboard-")
os.environ["SQLITE_PATH"] = str(Path(WORKDIR) / "bench.sqlite3")
os.environ["VAR_DIR"] = WORKDIR  # secret key, media: never the developer's var/
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyentruyen.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from tuyentruyen.accounts.models import Role  # noqa: E402
from tuyentruyen.accounts.services import create_user  # noqa: E402
from tuyentruyen.lib.tenancy import commune_scope  # noqa: E402
from tuyentruyen.localities.models import Commune, Province, Unit  # noqa: E402
from tuyentruyen.localities.services import onboard_commune  # noqa: E402
from tuyentruyen.plans.models import Plan, PlanRevision, PlanTopic, RevisionStatus  # noqa: E402
from tuyentruyen.reports import export, figures, services  # noqa: E402
from tuyentruyen.reports.periods import Period  # noqa: E402
from tuyentruyen.work.kinds import DEFAULT_KINDS  # noqa: E402
from tuyentruyen.work.models import Activity, ActivityKind, Evidence, Task, TaskOccurrence  # noqa: E402

YEAR = 2026


def seed(n_activities: int):
    rng = random.Random(2026)
    province = Province.objects.create(code=99, name="Tỉnh Đo Đạc", codename="do_dac", kind="tỉnh")
    commune = onboard_commune(Commune.objects.create(code=99001, province=province, kind="xa", name="Đo Đạc",
                                                     slug="xa-do-dac-99001"))
    with commune_scope(commune):
        units = list(Unit.objects.filter(commune=commune))
        for i in range(12 - len(units)):
            units.append(Unit.objects.create(commune=commune, name=f"Thôn {i + 1}", kind="village", position=50 + i))
        kinds = [ActivityKind.objects.create(commune=commune, code=code, name=name, quantity_unit=unit, position=i)
                 for i, (code, name, unit) in enumerate(DEFAULT_KINDS)]
        plan = Plan.objects.create(commune=commune, title="Kế hoạch tuyên truyền CCHC năm 2026",
                                   period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31))
        revision = PlanRevision.objects.create(plan=plan, number=1, status=RevisionStatus.ISSUED, document={})
        topics = [PlanTopic.objects.create(plan=plan, revision=revision, position=i, label=str(i),
                                           text=f"Nội dung tuyên truyền số {i}") for i in range(1, 16)]
        first = date(YEAR, 1, 1)
        rows = [Activity(commune=commune, unit=rng.choice(units), kind=rng.choice(kinds),
                         date=first + timedelta(days=rng.randrange(365)), title=f"Hoạt động {i}",
                         channel=rng.choice(["", "Đài truyền thanh xã", "Cổng thông tin", "Fanpage", "Hội trường"]),
                         quantity=rng.randrange(1, 60), reach=rng.choice([None, rng.randrange(10, 500)]))
                for i in range(n_activities)]
        Activity.objects.bulk_create(rows, batch_size=2000)
        ids = list(Activity.objects.values_list("id", flat=True))
        Evidence.objects.bulk_create([Evidence(commune=commune, activity_id=pk, kind="link",
                                               url=f"https://xa-do-dac.gov.vn/tin/{pk}")
                                      for pk in ids if pk % 3 == 0], batch_size=2000)
        through = Activity.topics.through
        through.objects.bulk_create([through(activity_id=pk, plantopic_id=topics[pk % 12].pk)  # 3 topics uncovered
                                     for pk in ids if pk % 5], batch_size=2000)
        today = timezone.localdate()
        tasks = [Task(commune=commune, plan=plan, title=f"Nhiệm vụ {i}", lead_unit=rng.choice(units),
                      due=first + timedelta(days=rng.randrange(365)),
                      status=rng.choice(["not_started", "in_progress", "done", "done", "cancelled"]))
                 for i in range(400)]
        for task in tasks:
            task.current_due = task.due
            task.progress = 100 if task.status == "done" else rng.randrange(0, 90)
        Task.objects.bulk_create(tasks)
        recurring = list(Task.objects.filter(commune=commune)[:40])
        TaskOccurrence.objects.bulk_create([
            TaskOccurrence(task=task, label=f"Quý {q}/{YEAR}", period_start=date(YEAR, 3 * q - 2, 1),
                           period_end=date(YEAR, 3 * q, 28), due=date(YEAR, 3 * q, 28),
                           status=rng.choice(["done", "in_progress", "not_started"]))
            for task in recurring for q in range(1, 5)])
        for unit in units[:8]:
            report = services.get_or_create_report(commune, Period(YEAR, "q1"), unit)
            services.submit(report, today=today)
    leader = create_user("lanhdao", "Bench@2026", roles=[Role.LEADER, Role.OFFICER], commune=commune,
                         full_name="Lãnh Đạo")
    return commune, leader


class Recorder:
    """Records every statement (SQL and parameters) the wrapped code runs."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def replay(statements):
    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    cursor.execute(sql, params)
                    cursor.fetchall()
    return run


def print_slowest(statements, n):
    costs = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            costs.append(((time.perf_counter() - start) * 1000, sql))
    for cost, sql in sorted(costs, reverse=True)[:n]:
        print(f"    {cost:6.1f} ms  {sql[:400]}")


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def line(name, samples, bare=None, queries=None):
    text = f"{name:<44} p50 {statistics.median(samples):7.1f} ms   p95 {p95(samples):7.1f} ms"
    if queries is not None:
        text += f"   {queries:3d} queries"
    if bare:
        text += (f"   | bare SQL p50 {statistics.median(bare):6.1f} ms  p95 {p95(bare):6.1f} ms"
                 f"   ratio {statistics.median(samples) / max(statistics.median(bare), 0.001):4.1f}×")
    print(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--slowest", type=int, default=0, help="also print the N slowest statements of each page")
    parser.add_argument("--profile", action="store_true", help="profile the year's commune report (Python side)")
    args = parser.parse_args()

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    commune, leader = seed(args.activities)
    print(f"Seeded {args.activities} activities, 400 tasks, 160 task periods in {time.perf_counter() - started:.1f} s "
          f"(SQLite at {os.environ['SQLITE_PATH']})")

    client = Client()
    client.force_login(leader)
    for label, query in (("dashboard, one quarter (/tong-quan/?ky=2026-q1)", "2026-q1"),
                         ("dashboard, whole year (/tong-quan/?ky=2026-y)", "2026-y")):
        url = f"/tong-quan/?ky={query}"
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            client.get(url)
        page = timed(lambda url=url: client.get(url), args.runs)
        with commune_scope(commune):
            bare = timed(replay(recorder.statements), args.runs)
        line(label, page, bare, len(recorder.statements))
        if args.slowest:
            with commune_scope(commune):
                print_slowest(recorder.statements, args.slowest)

    today = timezone.localdate()
    with commune_scope(commune):
        for label, period in (("commune report figures, quarter", Period(YEAR, "q1")),
                              ("commune report figures, year", Period(YEAR, "y"))):
            recorder = Recorder()
            with connection.execute_wrapper(recorder):
                figures.commune_figures(commune, period, today)
            gen = timed(lambda period=period: figures.commune_figures(commune, period, today), args.runs)
            bare = timed(replay(recorder.statements), args.runs)
            line(label, gen, bare, len(recorder.statements))
            if args.slowest:
                print_slowest(recorder.statements, args.slowest)
            if args.profile and period.kind == "y":
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.runcall(figures.commune_figures, commune, period, today)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        unit = Unit.objects.filter(commune=commune).first()
        line("unit report figures, quarter", timed(lambda: figures.unit_figures(commune, Period(YEAR, "q1"), unit,
                                                                                 today), args.runs))
        report = services.get_or_create_report(commune, Period(YEAR, "q1"))
        data = services.document_data(report, services.figures_of(report, today))
        line("report DOCX render (python-docx)", timed(lambda: export.render_report_docx(data), max(5, args.runs // 3)))


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        connection.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)
