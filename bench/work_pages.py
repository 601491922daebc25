"""Time the execution app's pages on a commune with 20,000 activities and 2,000 tasks.

Builds the data in a temporary SQLite database (never the shared one), then requests each page many
times through Django's test client as the CCHC officer and prints p50/p95 per page.

    .venv/bin/python bench/work_pages.py [--activities 20000] [--tasks 2000] [--runs 40]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TMP = tempfile.mkdtemp(prefix="work-bench-")
os.environ["DATABASE_URL"] = ""
os.environ["VAR_DIR"] = TMP
os.environ["MEDIA_ROOT"] = str(Path(TMP) / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyentruyen.settings")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def build(n_activities: int, n_tasks: int):
    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.lib.tenancy import commune_scope
    from tuyentruyen.localities.models import Commune, Province, Unit
    from tuyentruyen.localities.services import onboard_commune
    from tuyentruyen.plans.models import PlanTopic
    from tuyentruyen.work.models import Activity, Task, TaskStatus
    from tuyentruyen.work.services import ensure_kinds
    from tuyentruyen.work.tests.factories import issued_plan, plan_document

    province = Province.objects.create(code=91, name="Tỉnh Đo", codename="do", kind="tỉnh")
    commune = onboard_commune(Commune.objects.create(code=90001, province=province, kind="xa", name="Đo Đạc",
                                                     slug="xa-do-dac"))
    officer = create_user("canbo", "Mat-khau-2026", roles=[Role.OFFICER], commune=commune, full_name="Cán Bộ")
    rng = random.Random(7)
    with commune_scope(commune):
        document = plan_document()
        document["topics"] = [{"label": str(i), "text": f"Nội dung tuyên truyền số {i}"} for i in range(1, 16)]
        plan = issued_plan(commune, officer, document)
        topics = list(PlanTopic.objects.filter(plan=plan).values_list("pk", flat=True))
        units = list(Unit.objects.values_list("pk", flat=True))
        kinds = list(ensure_kinds(commune).values())
        start = date(2025, 1, 1)
        tasks = [Task(commune=commune, plan=plan, title=f"Nhiệm vụ số {i}", group=f"Nhóm {i % 7}",
                      lead_unit_id=rng.choice(units), due=start + timedelta(days=rng.randrange(365)),
                      progress=rng.randrange(0, 101, 10), status=rng.choice(TaskStatus.values), position=i,
                      source_key=f"bench:{i}")
                 for i in range(n_tasks)]
        for task in tasks:
            task.current_due = task.due
        Task.objects.bulk_create(tasks, batch_size=1000)
        through = Task.coordinating_units.through
        task_ids = list(Task.objects.values_list("pk", flat=True))
        through.objects.bulk_create([through(task_id=t, unit_id=rng.choice(units)) for t in task_ids], batch_size=2000)
        activities = []
        for i in range(n_activities):
            kind = rng.choice(kinds)
            activities.append(Activity(
                commune=commune, unit_id=rng.choice(units), kind=kind, date=start + timedelta(days=rng.randrange(365)),
                title=f"Hoạt động tuyên truyền số {i}", quantity=rng.randrange(1, 100),
                quantity_unit=kind.quantity_unit, reach=rng.randrange(0, 5000), channel="Đài xã", created_by=officer))
        Activity.objects.bulk_create(activities, batch_size=2000)
        topic_through = Activity.topics.through
        links = []
        for activity_id in Activity.objects.values_list("pk", flat=True):
            for topic_id in rng.sample(topics[:-2], rng.randint(1, 2)):  # the last two topics stay uncovered
                links.append(topic_through(activity_id=activity_id, plantopic_id=topic_id))
        topic_through.objects.bulk_create(links, batch_size=5000)
    return officer, plan


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm caches (templates, query plans)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    return statistics.median(timings), p95, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    assert str(settings.DATABASES["default"]["NAME"]).startswith(TMP), "refusing to touch a shared database"
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.SECURE_SSL_REDIRECT = False
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    officer, plan = build(args.activities, args.tasks)
    print(f"data: {args.activities} activities, {args.tasks} tasks in one commune "
          f"(built in {time.perf_counter() - started:.1f} s, SQLite at {settings.DATABASES['default']['NAME']})")
    client = Client()
    client.force_login(officer)
    pages = [
        ("activity list", "/hoat-dong/"),
        ("activity list, page 200", "/hoat-dong/?trang=200"),
        ("activity list, filtered", f"/hoat-dong/?plan={plan.pk}&date_from=2025-06-01&date_to=2025-09-30"),
        ("task list", "/nhiem-vu/"),
        ("task list, overdue", "/nhiem-vu/?status=overdue"),
        ("plan coverage", f"/hoat-dong/bao-phu/{plan.pk}/"),
        ("task summary", "/nhiem-vu/tong-hop/"),
    ]
    print(f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages:
        p50, p95, count = measure(client, url, args.runs)
        print(f"{name:<28} {p50:>8.1f} {p95:>8.1f} {count:>8}")


if __name__ == "__main__":
    main()
