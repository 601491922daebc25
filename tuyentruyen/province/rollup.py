"""One row per commune of a province, computed by a fixed number of grouped queries over all communes.

Each column is one ``GROUP BY commune`` query (activities, plans, topics, tasks, reports, scores), never a
query per commune, so the overview costs the same number of round trips at 2 communes as at 130. Runs in
the request's scope (a province user reads its province's communes); the queries also name the communes
explicitly, so the scope is the safety net, not the filter.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.fields.json import KT

from tuyentruyen.lib.bounds import format_number
from tuyentruyen.localities.models import Commune
from tuyentruyen.plans.models import Plan, PlanTopic, RevisionStatus
from tuyentruyen.plans.services import commune_plan_status
from tuyentruyen.reports import appraisal
from tuyentruyen.reports.figures import _status_case  # the one definition of "overdue" of reports
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import deadline_rules
from tuyentruyen.work.models import OPEN_STATUSES, OVERDUE, Activity, Task, TaskOccurrence, TaskStatus

from .models import CommuneActivityMonth, CommuneTopicMonth

# Report states of the overview, worst first (the "late only" filter keeps the first two).
MISSING, LATE, ON_TIME, NOT_DUE = "missing", "late", "on_time", "not_due"
REPORT_STATES = {MISSING: "Chưa gửi, đã quá hạn", LATE: "Gửi trễ hạn", ON_TIME: "Gửi đúng hạn",
                 NOT_DUE: "Chưa đến hạn"}
SENT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def communes_of(province):
    """The province's communes that use the product, by name."""
    return Commune.objects.filter(province=province, onboarded_at__isnull=False).select_related("province") \
        .order_by("name")


def _last_activity():
    # The commune's latest month of the summary, read backwards on its (commune, month) key: one row.
    # (From the activities, PostgreSQL sorted each commune's 5,000 index entries: ``deleted_at IS NULL``
    # in the index condition keeps it from reading the index in date order.)
    return Subquery(CommuneActivityMonth.objects.filter(commune=OuterRef("pk")).order_by("-month")
                    .values("last_date")[:1])


def counted_last_activity():
    """``_last_activity`` from the activities themselves (what the summary must always equal)."""
    return Subquery(Activity.objects.filter(commune=OuterRef("pk"), deleted_at__isnull=True)
                    .order_by("-date").values("date")[:1])


def whole_months(start: date, end: date) -> bool:
    """Whether [start, end] is a run of whole months (every period of ``reports.periods`` is)."""
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def activity_counts(codes, start: date, end: date) -> dict[int, dict]:
    """Activities and reach per commune in [start, end]: the sum of the communes' months
    (``CommuneActivityMonth``, a few rows per commune) when the period is whole months, else counted."""
    if not whole_months(start, end):
        return counted_activities(codes, start, end)
    rows = (CommuneActivityMonth.objects.filter(commune_id__in=codes, month__gte=start, month__lte=end)
            .values("commune_id").annotate(n=Sum("activities"), reach=Sum("reach")).order_by())
    return {r["commune_id"]: {"activities": r["n"], "reach": r["reach"] or 0} for r in rows if r["n"]}


def counted_activities(codes: list[int], start: date, end: date) -> dict[int, dict]:
    """``activity_counts`` from the activities themselves (what the summary must always equal)."""
    rows = (Activity.objects.filter(commune_id__in=codes, deleted_at__isnull=True, date__gte=start, date__lte=end)
            .values("commune_id").annotate(n=Count("id"), reach=Sum("reach")).order_by())
    return {r["commune_id"]: {"activities": r["n"], "reach": r["reach"] or 0} for r in rows}


def plan_status(province, codes: list[int], period: Period) -> dict[int, dict]:
    """Each commune's plan for the period's year (``plans.services.commune_plan_status``: issued or not,
    number, date), in the overview's shape."""
    rows = commune_plan_status(province, period.year)
    return {code: {"issued": bool(v.get("issued")), "count": 1 if v.get("issued") else 0,
                   "number": v.get("number") or "", "issued_on": v.get("date"),
                   "dropped_topics": v.get("dropped_topics") or []}
            for code, v in rows.items() if code in set(codes)}


def topic_counts(codes, start: date, end: date) -> dict[int, dict]:
    """Topics of the issued plans covering the period and how many of them an activity covered. A topic
    is its plan and position (as in ``reports.figures.topic_coverage``), so revisions do not double it.

    One query: each topic row asks whether it was covered in one of the period's months
    (``CommuneTopicMonth``: an index probe per topic into a table of a few rows per topic) when the period
    is whole months, else whether one activity of the period covers it (through the link table)."""
    if not whole_months(start, end):
        return counted_topics(codes, start, end)
    covering = CommuneTopicMonth.objects.filter(topic__plan_id=OuterRef("plan_id"), topic__position=OuterRef("position"),
                                                month__gte=start, month__lte=end)
    return _coverage(codes, start, end, covering)


def counted_topics(codes: list[int], start: date, end: date) -> dict[int, dict]:
    """``topic_counts`` from the activities' links themselves (what the summary must always equal)."""
    covering = Activity.topics.through.objects.filter(
        plantopic__plan_id=OuterRef("plan_id"), plantopic__position=OuterRef("position"),
        activity__deleted_at__isnull=True, activity__date__gte=start, activity__date__lte=end)
    return _coverage(codes, start, end, covering)


def _coverage(codes, start, end, covering) -> dict[int, dict]:
    plans = Plan.objects.filter(commune_id__in=codes, period_start__lte=end, period_end__gte=start,
                                revisions__status=RevisionStatus.ISSUED).values("id")
    rows = (PlanTopic.objects.filter(plan_id__in=plans).annotate(covered=Exists(covering))
            .values_list("plan__commune_id", "plan_id", "position", "covered").distinct())
    seen: dict[tuple, bool] = {}
    for code, plan_id, position, covered in rows:
        seen[(code, plan_id, position)] = seen.get((code, plan_id, position), False) or covered
    out: dict[int, dict] = {}
    for (code, _plan, _position), covered in seen.items():
        entry = out.setdefault(code, {"topics": 0, "covered": 0})
        entry["topics"] += 1
        entry["covered"] += covered
    return out


def task_counts(codes, start: date, end: date, today: date) -> dict[int, dict]:
    """Done and overdue tasks of the period per commune, counted as ``reports.figures.task_items`` does:
    one-off tasks due or completed in the period or still open from before; recurring ones by period."""
    tasks = Task.objects.filter(commune_id__in=codes, occurrences__isnull=True).filter(
        Q(due__gte=start, due__lte=end) | Q(completed_on__gte=start, completed_on__lte=end)
        | Q(status__in=OPEN_STATUSES, due__lt=start))
    occurrences = TaskOccurrence.objects.filter(task__commune_id__in=codes, due__gte=start, due__lte=end)
    out: dict[int, dict] = {}
    for qs, key in ((tasks, "commune_id"), (occurrences, "task__commune_id")):
        for row in (qs.annotate(state=_status_case(today)).values(key, "state")
                    .annotate(n=Count("id", distinct=True)).order_by()):
            entry = out.setdefault(row[key], {"tasks": 0, "done": 0, "overdue": 0})
            entry["tasks"] += row["n"]
            if row["state"] == TaskStatus.DONE:
                entry["done"] += row["n"]
            elif row["state"] == OVERDUE:
                entry["overdue"] += row["n"]
    return out


def commune_reports(codes, period: Period) -> dict[int, dict]:
    """The commune-level report of the period per commune, with only the score read out of its figures."""
    rows = (Report.objects.filter(commune_id__in=codes, unit__isnull=True, year=period.year, period_kind=period.kind)
            .values("id", "commune_id", "status", "submitted_at", "due",
                    points=KT("figures__score__points"), max_points=KT("figures__score__max_points")))
    return {r["commune_id"]: r for r in rows}


def scores(codes: list[int], year: int, reports: dict[int, dict]) -> tuple[dict, dict]:
    """(self-scores, appraised scores) per commune: the PAR INDEX self-score the commune sent for appraisal
    (``reports.appraisal``), else the score its sent report of the period carried; the appraised score
    once the province has settled it."""
    own = appraisal.self_scores(codes, year)
    for code, report in reports.items():
        if own.get(code) is None and report["status"] in SENT_STATUSES:
            own[code] = _float(report["points"])
    return own, appraisal.appraised_scores(codes, year)


def _float(value):
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None  # a hand-edited figure must not break the page


def report_state(report: dict | None, due: date, today: date) -> str:
    sent = report is not None and report["status"] in SENT_STATUSES and report["submitted_at"] is not None
    if sent:
        from django.utils import timezone

        return ON_TIME if timezone.localtime(report["submitted_at"]).date() <= due else LATE
    return MISSING if due < today else NOT_DUE


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def shown_cells(row: dict) -> dict:
    """The overview row's cells as the page shows them, formatted once in Python: the table has 130 rows
    and nine cells each, and a template filter or tag per cell was most of the page's time."""
    plan = row["plan"]
    if plan["issued"]:
        plan_label = "Đã ban hành" + (f" số {plan['number']}" if plan["number"] else "") + \
            (f" ngày {_day(plan['issued_on'])}" if plan.get("issued_on") else "")
    else:
        plan_label = ""
    return {
        "plan_label": plan_label,
        "activities_label": format_number(row["activities"]),
        "topics_label": f"{row['topics_covered']}/{row['topics']}" if row["topics"] else "—",
        "due_label": _day(row["report_due"]),
        "self_label": format_number(row["self_score"]) if row["self_score"] is not None else "",
        "appraised_label": format_number(row["appraised_score"]) if row["appraised_score"] is not None else "",
        "last_label": _day(row["last_activity"]),
    }


def overview_rows(province, period: Period, today: date) -> list[dict]:
    """Every column of the province overview, one dict per commune, in name order."""
    communes = list(communes_of(province).annotate(last_activity=_last_activity()))
    codes = [c.pk for c in communes]
    if not codes:
        return []
    start, end = period.start, period.end
    # The grouped queries name the communes by a subquery, not by a list of 130 codes: the list was
    # bound and parsed again in each query (a tenth of the page's time).
    in_province = Commune.objects.filter(province=province, onboarded_at__isnull=False).values("pk")
    acts = activity_counts(in_province, start, end)
    plans = plan_status(province, codes, period)
    topics = topic_counts(in_province, start, end)
    tasks = task_counts(in_province, start, end, today)
    reports = commune_reports(in_province, period)
    self_scores, appraised = scores(codes, period.year, reports)
    rows = []
    for commune in communes:  # joins the grouped results in Python: no query in this loop
        report = reports.get(commune.pk)
        due = report["due"] if report and report["due"] else deadline_rules(commune).deadline(period, commune_level=True)
        state = report_state(report, due, today)
        plan = plans.get(commune.pk) or {"issued": False, "count": 0, "number": "", "issued_on": None}
        a = acts.get(commune.pk, {"activities": 0, "reach": 0})
        t = topics.get(commune.pk, {"topics": 0, "covered": 0})
        k = tasks.get(commune.pk, {"tasks": 0, "done": 0, "overdue": 0})
        rows.append({
            "code": commune.pk, "name": commune.full_name, "short_name": commune.name,
            "plan": plan, "activities": a["activities"], "reach": a["reach"],
            "topics": t["topics"], "topics_covered": t["covered"],
            "tasks": k["tasks"], "tasks_done": k["done"], "tasks_overdue": k["overdue"],
            "report_id": report["id"] if report else None,
            "report_status": report["status"] if report else None,
            "report_state": state, "report_state_label": REPORT_STATES[state], "report_due": due,
            "late": state in (MISSING, LATE),
            "self_score": self_scores.get(commune.pk), "appraised_score": appraised.get(commune.pk),
            "last_activity": commune.last_activity,
        })
    return rows
