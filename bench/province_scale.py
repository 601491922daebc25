"""The province and the country on PostgreSQL: how the province pages and a national summary hold.

Starts its own PostgreSQL on 127.0.0.1 (port 55501, data in /tmp, stopped and removed at the end), as
``.ci/run`` does, migrates it, then:

1. **Province**: seeds one province of 130 communes × 5,000 activities (a year; a third with evidence,
   half linked to a plan topic), 40 tasks per commune, an issued plan of 10 topics per commune, and each
   commune's quarter report frozen through ``reports.services.submit`` (the real figures), two thirds of
   them accepted. Times, through the Django test client logged in as a province officer, the province
   overview (``/tinh/tong-quan/``), the consolidated report (``/tinh/bao-cao-tong-hop/``) and a commune
   drill-down (``/tinh/tong-quan/xa/<code>/``), each beside its bare SQL: the statements recorded while
   the page ran, replayed on a raw cursor. Targets: overview p95 ≤ 300 ms, consolidated report ≤ 1 s.
2. **Country**: 34 provinces, 3,321 communes, ~16 million activities, written by ``generate_series``
   straight into the activity table and its required relations (communes, kinds), and the national summary
   (activities by province and kind for a quarter), timed on the activity table (without and with
   ``activity_date_kind_idx``, which the product no longer has: the bench makes it for the comparison) and from the product's summary table ``province.ActivityMonth`` (with its
   rebuild time: the daily job's cost). Target ≤ 2 s. It also measures insert throughput of the activity
   table (rows/s of a 200,000-row INSERT … SELECT) with and without ``activity_date_kind_idx``.

    .venv/bin/python bench/province_scale.py            # the full run (about 20 min on 2 cores)
    .venv/bin/python bench/province_scale.py --quick    # a small version, under 2 minutes
    .venv/bin/python bench/province_scale.py --skip-country

PostgreSQL runs with fsync off (a throwaway cluster; it changes seeding time, not the read timings).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PG_PORT", "55501"))
WORKDIR = tempfile.mkdtemp(prefix="bench-province-")
PGDATA = Path(WORKDIR) / "pg"
YEAR = 2026


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql); the bench needs its binaries.")
    return versions[-1]


def _as_pg(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + list(command), check=True, stdout=subprocess.DEVNULL)


def start_postgres() -> None:
    pg = _pg_bin()
    PGDATA.mkdir()
    if os.geteuid() == 0:
        shutil.chown(WORKDIR, "postgres")
        shutil.chown(PGDATA, "postgres")
    _as_pg(str(pg / "initdb"), "-D", str(PGDATA), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
    options = (f"-h 127.0.0.1 -p {PORT} -k {PGDATA} -c fsync=off -c full_page_writes=off -c synchronous_commit=off "
               "-c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=4GB "
               "-c max_parallel_workers_per_gather=2")
    _as_pg(str(pg / "pg_ctl"), "-D", str(PGDATA), "-o", options, "-l", str(PGDATA / "log"), "-w", "start")
    atexit.register(stop_postgres)
    _as_pg(str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "tuyentruyen")


def stop_postgres() -> None:
    try:
        _as_pg(str(_pg_bin() / "pg_ctl"), "-D", str(PGDATA), "-m", "fast", "stop")
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{PORT}/tuyentruyen"
    os.environ["VAR_DIR"] = WORKDIR  # secret key, media: never the developer's var/
    (Path(WORKDIR) / "static").mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyentruyen.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


# --- measuring ------------------------------------------------------------------------------------------
class Recorder:
    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def line(name: str, samples: list[float], bare: list[float] | None = None, queries: int | None = None,
         target: float | None = None) -> None:
    text = f"{name:<46} p50 {statistics.median(samples):7.1f} ms   p95 {p95(samples):7.1f} ms"
    if queries is not None:
        text += f"  {queries:3d} queries"
    if bare:
        text += f"   | bare SQL p50 {statistics.median(bare):6.1f} ms  p95 {p95(bare):6.1f} ms"
    text += f"   load {os.getloadavg()[0]:.1f}"
    if target is not None:
        text += f"   target ≤ {target:.0f} ms: {'met' if p95(samples) <= target else 'MISSED'}"
    print(text, flush=True)


def replay(statements):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql, params in statements:
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    cursor.execute(sql, params)
                    cursor.fetchall()
    return run


def sql_defaults(model, given: dict[str, str]) -> tuple[str, str]:
    """(columns, select expressions) for an INSERT … SELECT into ``model``'s table: the ``given``
    expressions, and for every other column its empty value ('' for text, false, NULL when allowed)."""
    from django.db import models

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.column not in given:
            continue
        columns.append(field.column)
        if field.column in given:
            values.append(given[field.column])
        elif field.null:
            values.append("NULL")
        elif isinstance(field, models.BooleanField):
            values.append("false")
        elif isinstance(field, (models.CharField, models.TextField)):
            values.append("''")
        elif isinstance(field, models.JSONField):
            values.append("'[]'::jsonb" if field.default is list else "'{}'::jsonb")
        elif isinstance(field, models.DateTimeField):
            values.append("now()")
        elif isinstance(field, (models.IntegerField, models.DecimalField)):
            values.append(str(field.default if isinstance(field.default, int) else 0))
        else:
            raise RuntimeError(f"no empty value for {model.__name__}.{field.name}")
    return ", ".join(columns), ", ".join(values)


def execute(sql: str, params=None) -> float:
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return time.perf_counter() - start


def bulk_load(sql: str, params=None) -> float:
    """An INSERT … SELECT of seed rows without the per-row foreign-key triggers (the rows are made from
    rows that exist; checking each of millions of them would be most of the seeding time)."""
    execute("SET session_replication_role = replica")
    try:
        return execute(sql, params)
    finally:
        execute("SET session_replication_role = DEFAULT")


# --- the province ---------------------------------------------------------------------------------------
def seed_province(n_communes: int, per_commune: int):
    from django.db import connection
    from django.utils import timezone

    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled
    from tuyentruyen.localities.models import Commune, Province
    from tuyentruyen.plans.models import Plan, PlanRevision, PlanTopic, RevisionStatus
    from tuyentruyen.reports import services
    from tuyentruyen.reports.models import Report, ReportStatus
    from tuyentruyen.reports.periods import Period
    from tuyentruyen.work.kinds import DEFAULT_KINDS
    from tuyentruyen.work.models import Activity, ActivityKind, Evidence, Task

    province = Province.objects.create(code=99, name="Tỉnh Đo Đạc", codename="do_dac", kind="tỉnh")
    now = datetime.now().astimezone()
    Commune.objects.bulk_create([Commune(code=990000 + i, province=province, kind="xa", name=f"Đo Đạc {i:03d}",
                                         slug=f"xa-do-dac-{i:03d}", onboarded_at=now)
                                 for i in range(1, n_communes + 1)])
    communes = list(Commune.objects.filter(province=province).order_by("code"))
    with scopes_disabled():  # the seed writes every commune of the province at once
        ActivityKind.objects.bulk_create([ActivityKind(commune=c, code=code, name=name, quantity_unit=unit, position=i)
                                          for c in communes for i, (code, name, unit) in enumerate(DEFAULT_KINDS)])
        plans = Plan.objects.bulk_create([Plan(commune=c, title="Kế hoạch tuyên truyền CCHC năm 2026",
                                               period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31),
                                               period_label="năm 2026") for c in communes])
        revisions = PlanRevision.objects.bulk_create([
            PlanRevision(plan=p, number=1, status=RevisionStatus.ISSUED, document={}, issued_at=now) for p in plans])
        PlanTopic.objects.bulk_create([PlanTopic(plan=p, revision=r, position=i, label=str(i),
                                                 text=f"Nội dung tuyên truyền số {i}")
                                       for p, r in zip(plans, revisions, strict=True) for i in range(1, 11)])
        first = date(YEAR, 1, 1)
        tasks = []
        for c in communes:
            for i in range(40):
                due = first + timedelta(days=(i * 37 + c.pk) % 365)
                status = ("done", "in_progress", "not_started", "done")[i % 4]
                tasks.append(Task(commune=c, title=f"Nhiệm vụ {i}", due=due, current_due=due, status=status,
                                  progress=100 if status == "done" else 30,
                                  completed_on=due if status == "done" else None))
        Task.objects.bulk_create(tasks, batch_size=5000)
    act = Activity._meta.db_table
    columns, values = sql_defaults(Activity, {
        "commune_id": "f.commune_id", "kind_id": f"f.first_kind + (g %% {len(DEFAULT_KINDS)})",
        "date": "DATE '2026-01-01' + ((g * 7919) %% 365)",
        "title": "'Hoạt động tuyên truyền ' || g", "reach": "CASE WHEN g %% 4 = 0 THEN NULL ELSE 20 + g %% 480 END",
        "channel": "(ARRAY['', 'Đài truyền thanh xã', 'Cổng thông tin', 'Fanpage', 'Hội trường'])[1 + g %% 5]",
        "quantity": "1 + g %% 50", "created_at": "now()", "updated_at": "now()"})
    codes = [c.pk for c in communes]
    # each commune's kinds were written together: consecutive ids from the commune's first
    seconds = bulk_load(f"INSERT INTO {act} ({columns}) SELECT {values} FROM (SELECT commune_id, min(id) AS first_kind "
                      f"FROM {ActivityKind._meta.db_table} WHERE commune_id = ANY(%s) GROUP BY commune_id) f "
                      f"CROSS JOIN generate_series(1, %s) g", [[c.pk for c in communes], per_commune])
    ev_columns, ev_values = sql_defaults(Evidence, {"commune_id": "a.commune_id", "activity_id": "a.id",
                                                    "kind": "'link'", "url": "'https://xa.gov.vn/tin/' || a.id",
                                                    "created_at": "now()"})
    bulk_load(f"INSERT INTO {Evidence._meta.db_table} ({ev_columns}) SELECT {ev_values} FROM {act} a "
            f"WHERE a.id %% 3 = 0 AND a.commune_id = ANY(%s)", [codes])
    through = Activity.topics.through._meta.db_table
    bulk_load(f"INSERT INTO {through} (activity_id, plantopic_id) SELECT a.id, t.id FROM {act} a "
            f"JOIN {Plan._meta.db_table} p ON p.commune_id = a.commune_id "
            f"JOIN {PlanTopic._meta.db_table} t ON t.plan_id = p.id AND t.position = 1 + a.id %% 12 "
            f"WHERE a.id %% 2 = 0 AND a.commune_id = ANY(%s)", [codes])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  {len(communes) * per_commune:,} activities written by generate_series in {seconds:.1f} s", flush=True)
    started = time.perf_counter()
    period = Period(YEAR, "q1")
    for commune in communes:
        with commune_scope(commune):
            report = services.get_or_create_report(commune, period)
            services.submit(report, today=date(YEAR, 4, 15))
    with scopes_disabled():
        # submit() froze the real figures for the leader's sign-off; the sending (which renders a receipt
        # DOCX per commune) and the province's acceptance are set directly to keep the seed short.
        Report.objects.filter(commune_id__in=codes, unit__isnull=True).update(
            status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
        accepted = [c.pk for i, c in enumerate(communes) if i % 3]
        Report.objects.filter(commune_id__in=accepted, unit__isnull=True).update(status=ReportStatus.ACCEPTED)
    print(f"  {len(communes)} commune reports sent through reports.services.submit in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    # The activities above were written by SQL, which sends no signal: the overview's per-commune monthly
    # summaries are built once here (what the migration does on an installation that has activities).
    from tuyentruyen.province.services import refresh_commune_months

    started = time.perf_counter()
    written = refresh_commune_months(codes)
    print(f"  overview summaries (CommuneActivityMonth, CommuneTopicMonth) rebuilt for {len(codes)} communes: "
          f"{written:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
    execute("ANALYZE")
    officer = create_user("tinh_canbo_bench", "Bench@2026", roles=[Role.PROVINCE_OFFICER], province=province,
                          full_name="Cán Bộ Sở")
    return province, communes, officer


def bench_province(args) -> None:
    from django.db import connection
    from django.test import Client

    from tuyentruyen.lib.tenancy import communes_scope

    n_communes, per_commune = (10, 500) if args.quick else (130, 5000)
    print(f"Province: {n_communes} communes × {per_commune:,} activities", flush=True)
    started = time.perf_counter()
    province, communes, officer = seed_province(n_communes, per_commune)
    print(f"  seeded in {time.perf_counter() - started:.1f} s", flush=True)
    client = Client()
    client.force_login(officer)
    pages = [("province overview /tinh/tong-quan/", "/tinh/tong-quan/?ky=2026-q1", 300),
             ("consolidated report /tinh/bao-cao-tong-hop/", "/tinh/bao-cao-tong-hop/?ky=2026-q1", 1000),
             ("consolidated report DOCX", "/tinh/bao-cao-tong-hop/tai-ve.docx?ky=2026-q1", None),
             ("commune drill-down /tinh/tong-quan/xa/<code>/", f"/tinh/tong-quan/xa/{communes[0].pk}/?ky=2026-q1", None)]
    for label, url, target in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            client.get(url)
        samples = timed(lambda url=url: client.get(url), args.runs)
        with communes_scope([c.pk for c in communes]):
            bare = timed(replay(recorder.statements), args.runs)
        line(label, samples, bare, len(recorder.statements), target)
        if args.slowest:
            with communes_scope([c.pk for c in communes]):
                print_slowest(recorder.statements, args.slowest)
        if args.profile:
            print_profile(lambda url=url: client.get(url), args.profile)


def print_profile(fn, n: int) -> None:
    """Where a page's time goes outside the database: the N costliest functions of one request, by own
    time (cProfile), so the Python side of a page can be compared with its bare SQL."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(fn)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime")
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:n]
    ours = sorted(((key, value) for key, value in stats.stats.items() if "/tuyentruyen/" in key[0]),
                  key=lambda item: item[1][3], reverse=True)[:n]
    for title, chosen in (("own time", rows), ("the product's functions by cumulative time", ours)):
        print(f"    — {title} —")
        for (filename, lineno, name), (_cc, calls, tottime, cumtime, _callers) in chosen:
            where = filename.split("site-packages/")[-1].split("/tuyentruyen/", 1)[-1]
            print(f"    {tottime * 1000:6.1f} ms own {cumtime * 1000:7.1f} ms cum {calls:7d}×  {name}  {where}:{lineno}")


def print_slowest(statements, n: int) -> None:
    from django.db import connection

    costs = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            start = time.perf_counter()
            cursor.execute(sql, params)
            if cursor.description:
                cursor.fetchall()
            costs.append(((time.perf_counter() - start) * 1000, sql))
    for cost, sql in sorted(costs, reverse=True)[:n]:
        print(f"    {cost:6.1f} ms  {sql[:300]}")


# --- the country ----------------------------------------------------------------------------------------
NATIONAL_SUMMARY = """
SELECT c.province_id, k.code, count(*)
FROM {act} a JOIN {commune} c ON c.code = a.commune_id JOIN {kind} k ON k.id = a.kind_id
WHERE a.deleted_at IS NULL AND a.date BETWEEN %s AND %s
GROUP BY c.province_id, k.code
"""


def seed_country(n_provinces: int, n_communes: int, n_activities: int) -> None:
    from tuyentruyen.localities.models import Commune, Province
    from tuyentruyen.work.kinds import DEFAULT_KINDS
    from tuyentruyen.work.models import Activity, ActivityKind

    act, commune, kind = Activity._meta.db_table, Commune._meta.db_table, ActivityKind._meta.db_table
    started = time.perf_counter()
    execute(f"INSERT INTO {Province._meta.db_table} (code, name, codename, kind, settings) "
            f"SELECT 100 + p, 'Tỉnh ' || p, 'tinh_' || p, 'tỉnh', '{{}}'::jsonb FROM generate_series(1, %s) p",
            [n_provinces])
    columns, values = sql_defaults(Commune, {"code": "1000000 + n", "province_id": f"100 + (n %% {n_provinces}) + 1",
                                             "kind": "'xa'", "name": "'Xã ' || n", "slug": "'xa-quoc-gia-' || n",
                                             "onboarded_at": "now()"})
    execute(f"INSERT INTO {commune} ({columns}) SELECT {values} FROM generate_series(1, %s) n", [n_communes])
    kind_columns, kind_values = sql_defaults(ActivityKind, {"commune_id": "1000000 + n", "code": "d.code",
                                                            "name": "d.name", "position": "d.pos", "active": "true"})
    codes = ", ".join(f"('{code}', '{name}', {i})" for i, (code, name, _unit) in enumerate(DEFAULT_KINDS))
    execute(f"INSERT INTO {kind} ({kind_columns}) SELECT {kind_values} FROM generate_series(1, %s) n "
            f"CROSS JOIN (VALUES {codes}) AS d(code, name, pos)", [n_communes])
    # Each commune's kinds are consecutive ids: the activity picks one by offset from the commune's first.
    per_commune = n_activities // n_communes
    a_columns, a_values = sql_defaults(Activity, {
        "commune_id": "f.commune_id", "kind_id": f"f.first_kind + (g %% {len(DEFAULT_KINDS)})",
        "date": "DATE '2025-07-01' + ((g * 7919 + f.commune_id) %% 548)",  # 18 months since the reform
        "title": "'Hoạt động ' || g", "reach": "20 + g %% 480", "quantity": "1 + g %% 50",
        "channel": "(ARRAY['', 'Đài truyền thanh xã', 'Cổng thông tin', 'Fanpage'])[1 + g %% 4]",
        "created_at": "now()", "updated_at": "now()"})
    indexes = _drop_indexes(act)  # rebuilt after the load: one sort per index instead of 16 million inserts
    load = time.perf_counter()
    bulk_load(f"INSERT INTO {act} ({a_columns}) SELECT {a_values} FROM "
            f"(SELECT commune_id, min(id) AS first_kind FROM {kind} WHERE commune_id >= 1000000 GROUP BY commune_id) f "
            f"CROSS JOIN generate_series(1, %s) g", [per_commune])
    loaded = time.perf_counter() - load
    rebuild = time.perf_counter()
    for sql in indexes:
        execute(sql)
    execute(f"VACUUM ANALYZE {act}")
    print(f"  {n_provinces} provinces, {n_communes:,} communes, {per_commune * n_communes:,} activities: rows in "
          f"{loaded:.0f} s, {len(indexes)} indexes rebuilt and vacuumed in {time.perf_counter() - rebuild:.0f} s, "
          f"{time.perf_counter() - started:.0f} s in all", flush=True)


def _drop_indexes(table: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                       "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [table])
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def insert_rate(rows: int) -> float:
    """Rows per second of one INSERT … SELECT of ``rows`` activities (rolled back)."""
    from django.db import connection, transaction

    from tuyentruyen.work.models import Activity, ActivityKind

    columns, values = sql_defaults(Activity, {
        "commune_id": "k.commune_id", "kind_id": "k.id", "date": "DATE '2026-01-01' + (g %% 365)",
        "title": "'Đo tốc độ ghi ' || g", "created_at": "now()", "updated_at": "now()"})
    with transaction.atomic():
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {Activity._meta.db_table} ({columns}) SELECT {values} FROM "
                           f"(SELECT id, commune_id FROM {ActivityKind._meta.db_table} ORDER BY id LIMIT 1) k "
                           f"CROSS JOIN generate_series(1, %s) g", [rows])
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return rows / seconds


def bench_country(args) -> None:
    from django.db import connection

    from tuyentruyen.localities.models import Commune
    from tuyentruyen.work.models import Activity, ActivityKind

    n_provinces, n_communes, n_activities = (34, 340, 160_000) if args.quick else (34, 3321, 16_000_000)
    free = shutil.disk_usage(WORKDIR).free / 2**30
    print(f"Country: {n_provinces} provinces, {n_communes:,} communes, {n_activities:,} activities "
          f"({free:.0f} GiB free in {WORKDIR})", flush=True)
    if not args.quick and free < 12:
        sys.exit("Less than 12 GiB free for the national seed; free space or run --quick.")
    seed_country(n_provinces, n_communes, n_activities)
    sql = NATIONAL_SUMMARY.format(act=Activity._meta.db_table, commune=Commune._meta.db_table,
                                  kind=ActivityKind._meta.db_table)
    params = [date(2026, 1, 1), date(2026, 3, 31)]

    def summary():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    groups = len(summary())
    line(f"national summary, a quarter ({groups} groups), no index by date", timed(summary, args.runs), target=2000)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print("  plan: " + " / ".join(p.strip() for p in plan if "Scan" in p or "Execution" in p)[:600], flush=True)
    # The product has no index by date first (it cost inserts and did not reach the target); the bench makes
    # one to show both sides of such an index: the summary with it, and insert throughput with and without.
    rows = 20_000 if args.quick else 200_000
    without = insert_rate(rows)
    seconds = execute(SUMMARY_INDEX_SQL.format(act=Activity._meta.db_table))
    execute(f"VACUUM ANALYZE {Activity._meta.db_table}")
    print(f"  {SUMMARY_INDEX} built in {seconds:.0f} s", flush=True)
    with_index = insert_rate(rows)
    line(f"national summary with {SUMMARY_INDEX}", timed(summary, max(3, args.runs // 3)), target=2000)
    execute(f'DROP INDEX "{SUMMARY_INDEX}"')
    print(f"  insert throughput ({rows:,} rows): {with_index:,.0f} rows/s with {SUMMARY_INDEX}, "
          f"{without:,.0f} rows/s without ({(1 - with_index / without) * 100:.0f}% slower with it)", flush=True)

    # The product's summary table: the daily job's worst case (every month) and its usual case (one month),
    # then the national summary read from it.
    from tuyentruyen.province import services as province_services

    start = time.perf_counter()
    written = province_services.refresh_activity_months()
    print(f"  ActivityMonth full rebuild: {written:,} rows in {time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    province_services.refresh_activity_months([date(2026, 2, 1)])
    print(f"  ActivityMonth refresh of one month: {time.perf_counter() - start:.1f} s", flush=True)
    line("national summary from ActivityMonth", timed(lambda: province_services.national_summary(*params), args.runs),
         target=2000)


SUMMARY_INDEX = "activity_date_kind_idx"
# What migration work/0007 made and work/0008 dropped: a quarter as one range, read from the index alone.
SUMMARY_INDEX_SQL = ('CREATE INDEX "activity_date_kind_idx" ON {act} (date, kind_id, commune_id) '
                     "WHERE deleted_at IS NULL")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10 communes × 500; the country at a hundredth")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--skip-country", action="store_true")
    parser.add_argument("--slowest", type=int, default=0, help="also print the N slowest statements of each page")
    parser.add_argument("--profile", type=int, default=0, help="also print the N costliest Python functions of each page")
    args = parser.parse_args()
    if args.quick:
        args.runs = min(args.runs, 10)
    started = time.perf_counter()
    start_postgres()
    setup_django()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    # Tables straight from the models (what the migrations end in) instead of replaying every migration:
    # a minute saved, the same schema, constraints and indexes.
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", verbosity=0, run_syncdb=True)
    print(f"PostgreSQL on 127.0.0.1:{PORT} ({PGDATA}), migrated in {time.perf_counter() - started:.0f} s", flush=True)
    bench_province(args)
    if not args.skip_country:
        bench_country(args)
    print(f"Done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
