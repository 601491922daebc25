"""The numbers of reports and of the dashboard, counted by the database from what units recorded.

Every function runs inside the commune's scope (the request's, or one a job opened) and aggregates with
``.values().annotate()`` (GROUP BY), so the cost grows with the number of groups, not of activities.
The result is plain JSON-ready data: a draft report shows it live, a submitted one keeps it as is.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tuyentruyen.plans.models import Plan, PlanTopic, RevisionStatus
from tuyentruyen.work.models import (
    OPEN_STATUSES,
    OVERDUE,
    Activity,
    ActivityKind,
    Evidence,
    EvidenceKind,
    Milestone,
    Task,
    TaskOccurrence,
    TaskStatus,
    effective_status,
    status_label,
)

from . import cutoff, scoring
from .counting import Window as CountingWindow
from .document import NO_CHANNEL
from .periods import Period, period_of

FIGURES_VERSION = 2  # 2: the cut-off, late entries and the ids of the activities counted
NOTABLE_LIMIT = 10
TASK_ROWS_LIMIT = 300
LATE_ROWS_LIMIT = 300
DEFAULT_SCHEME_FILE = Path(__file__).parent / "schemes" / "default_commune.json"


def _num(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def activity_url(activity_id: int) -> str:
    return _url("work:activity_detail", activity_id=activity_id)


def evidence_url(evidence: dict) -> str:
    if evidence.get("kind") == EvidenceKind.LINK:
        return evidence.get("url") or ""
    return _url("work:evidence", evidence_id=evidence["id"])


# --- building blocks ------------------------------------------------------------------------------------
def activities(commune, start: date, end: date, unit=None):
    """The activities of a commune (or one unit) dated in [start, end], deleted ones left out."""
    qs = Activity.objects.filter(commune=commune, deleted_at__isnull=True, date__gte=start, date__lte=end)
    return qs.filter(unit=unit) if unit is not None else qs


def _has_evidence():
    # An uncorrelated "id IN (activities with evidence in this scope)": the database builds that set once
    # per query instead of probing the evidence table once per activity (a year is 20,000 probes). The
    # scoped manager keeps the set to the commune(s) of the request.
    return Q(pk__in=Evidence.objects.filter(activity__isnull=False).values("activity_id"))


def totals(acts) -> dict:
    row = acts.aggregate(activities=Count("id"), with_evidence=Count("id", filter=Q(_has_evidence())),
                         reach=Sum("reach"))
    return {key: _num(value) or 0 for key, value in row.items()}


def by_kind(acts) -> list[dict]:
    rows = (acts.values("kind__code", "kind__name", "kind__position", "kind__quantity_unit", "quantity_unit")
            .annotate(count=Count("id"), quantity=Sum("quantity"), reach=Sum("reach"),
                      with_evidence=Count("id", filter=Q(_has_evidence())))
            .order_by("kind__position", "kind__name"))
    return _merge_kinds(rows)


def _merge_kinds(rows) -> list[dict]:
    merged: dict[str, dict] = {}
    for row in rows:  # a handful of groups: one per kind and unit of measure
        code = row["kind__code"]
        entry = merged.setdefault(code, {"code": code, "name": row["kind__name"], "count": 0, "with_evidence": 0,
                                         "quantity": None, "unit": row["kind__quantity_unit"] or "", "reach": 0})
        entry["count"] += row["count"]
        entry["reach"] += row["reach"] or 0
        entry["with_evidence"] += row["with_evidence"]
        unit = row["quantity_unit"] or row["kind__quantity_unit"] or ""
        if row["quantity"] is not None and (entry["quantity"] is None or unit == entry["unit"]):
            entry["quantity"] = _num(Decimal(str(entry["quantity"] or 0)) + row["quantity"])
            entry["unit"] = unit
    return list(merged.values())


def activity_cube(acts, by_month: bool = True) -> list[dict]:
    """One pass over the activities, grouped by month, kind, unit of measure and unit: the few hundred
    groups every view of the numbers (by kind, by unit, by month, totals) is then added up from; reports,
    which show no months, ask for the groups without the month split."""
    month = Substr(Cast("date", output_field=CharField()), 1, 7)  # "YYYY-MM" without a per-row function
    # Grouped on kind_id alone (index-only, no join per activity); the few kinds' names come after.
    keys = ("month", "unit_id", "kind_id", "quantity_unit") if by_month else ("unit_id", "kind_id", "quantity_unit")
    grouped = acts.annotate(month=month) if by_month else acts
    cube = list(grouped.values(*keys)
                .annotate(count=Count("id"), quantity=Sum("quantity"), reach=Sum("reach"),
                          with_evidence=Count("id", filter=Q(_has_evidence())))
                .order_by())
    kinds = {k["id"]: k for k in ActivityKind.objects.filter(pk__in={row["kind_id"] for row in cube})
             .values("id", "code", "name", "position", "quantity_unit")}
    for row in cube:
        kind = kinds[row.pop("kind_id")]
        row.update({"kind__code": kind["code"], "kind__name": kind["name"], "kind__position": kind["position"],
                    "kind__quantity_unit": kind["quantity_unit"]})
    return cube


def kinds_from_cube(cube: list[dict]) -> list[dict]:
    return _merge_kinds(sorted(cube, key=lambda r: (r["kind__position"], r["kind__name"])))


def units_from_cube(cube: list[dict]) -> dict:
    per_unit: dict = {}
    for row in cube:
        per_unit[row["unit_id"]] = per_unit.get(row["unit_id"], 0) + row["count"]
    return per_unit


def months_from_cube(cube: list[dict], period: Period) -> tuple[list[str], list[tuple[str, list[int]]], list[dict]]:
    months = period.months_list()
    index = {(y, m): i for i, (y, m) in enumerate(months)}
    series: dict[str, list[int]] = {}
    for row in sorted(cube, key=lambda r: (r["kind__position"], r["kind__name"])):
        key = (int(row["month"][:4]), int(row["month"][5:7]))
        if key in index:
            series.setdefault(row["kind__name"], [0] * len(months))[index[key]] += row["count"]
    categories = [f"T{m}" if len(months) > 6 else f"Tháng {m}" for _, m in months]
    table = [{"kind": name, "values": values, "total": sum(values)} for name, values in series.items()]
    return categories, list(series.items()), table


def totals_of(kinds: list[dict]) -> dict:
    """The totals, added up from ``by_kind``'s few groups (no second pass over the activities)."""
    return {"activities": sum(k["count"] for k in kinds), "with_evidence": sum(k["with_evidence"] for k in kinds),
            "reach": sum(k.get("reach") or 0 for k in kinds)}


def by_channel(acts) -> list[dict]:
    rows = acts.values("channel").annotate(count=Count("id")).order_by("-count", "channel")
    return [{"code": row["channel"], "name": row["channel"] or NO_CHANNEL, "count": row["count"]} for row in rows]


def plans_in(commune, start: date, end: date):
    return Plan.objects.filter(commune=commune, period_start__lte=end, period_end__gte=start,
                               revisions__status=RevisionStatus.ISSUED).distinct()


def topic_coverage(commune, start: date, end: date, unit=None, acts=None) -> dict:
    """Topics of the plans covering the period (their latest issued revision), each with the number of
    activities that covered it. A topic is matched across revisions by its plan and position, so an
    activity linked before a revision still counts. ``acts``: the activities to count, when not simply
    those dated in the period (a report's, with its late entries)."""
    plan_ids = list(plans_in(commune, start, end).values_list("id", flat=True))
    if not plan_ids:
        return {"covered": [], "not_covered": [], "plans": 0}
    latest = (PlanTopic.objects.filter(plan_id__in=plan_ids).values("plan_id")
              .annotate(revision=Subquery(PlanTopic.objects.filter(plan_id=OuterRef("plan_id"))
                                          .order_by("-revision__number").values("revision_id")[:1])))
    revision_ids = {row["revision"] for row in latest}
    topics = list(PlanTopic.objects.filter(revision_id__in=revision_ids)
                  .values("id", "plan_id", "position", "label", "text").order_by("plan_id", "position"))
    through = Activity.topics.through
    links = through.objects.filter(plantopic__plan_id__in=plan_ids, activity__commune=commune,
                                   activity__deleted_at__isnull=True, activity__date__gte=start,
                                   activity__date__lte=end)
    if acts is not None:
        links = through.objects.filter(plantopic__plan_id__in=plan_ids, activity__in=acts.values("id"))
    elif unit is not None:
        links = links.filter(activity__unit=unit)
    counts = {(row["plantopic__plan_id"], row["plantopic__position"]): row["n"]
              for row in links.values("plantopic__plan_id", "plantopic__position")
              .annotate(n=Count("activity_id", distinct=True))}
    covered, not_covered = [], []
    for topic in topics:
        label = f"{topic['label']}. {topic['text']}" if topic["label"] else topic["text"]
        n = counts.get((topic["plan_id"], topic["position"]), 0)
        (covered if n else not_covered).append({"id": topic["id"], "label": label, "count": n})
    return {"covered": covered, "not_covered": not_covered, "plans": len(plan_ids)}


def _status_case(today: date):
    return Case(
        When(status__in=OPEN_STATUSES, due__lt=today, then=Value(OVERDUE)),
        default="status", output_field=CharField(),
    )


def task_items(commune, start: date, end: date, unit=None):
    """What is due in the period, as two querysets: one-off tasks, and periods of recurring ones.

    One-off tasks count when due in the period, completed in it, or still open from before it (an
    overdue task does not vanish from the next report). A recurring task counts by its occurrences
    due in the period.
    """
    tasks = Task.objects.filter(commune=commune, occurrences__isnull=True).filter(
        Q(due__gte=start, due__lte=end) | Q(completed_on__gte=start, completed_on__lte=end)
        | Q(status__in=OPEN_STATUSES, due__lt=start))
    occurrences = TaskOccurrence.objects.filter(task__commune=commune, due__gte=start, due__lte=end)
    if unit is not None:
        tasks, occurrences = tasks.filter(lead_unit=unit), occurrences.filter(task__lead_unit=unit)
    return tasks, occurrences


def task_counts(commune, start: date, end: date, today: date, unit=None) -> dict:
    counts = {"total": 0, "done": 0, "in_progress": 0, "not_started": 0, "overdue": 0, "cancelled": 0}
    for qs in task_items(commune, start, end, unit):
        for row in qs.annotate(state=_status_case(today)).values("state").annotate(n=Count("id", distinct=True)):
            key = row["state"]
            counts[key] = counts.get(key, 0) + row["n"]
            counts["total"] += row["n"]
    counts["in_progress_all"] = counts["in_progress"] + counts["not_started"]
    return counts


def task_rows(commune, start: date, end: date, today: date, unit=None, limit: int = TASK_ROWS_LIMIT) -> list[dict]:
    tasks, occurrences = task_items(commune, start, end, unit)
    last_note = Subquery(Milestone.objects.filter(task=OuterRef("pk")).order_by("-date", "-id").values("note")[:1])
    rows = []
    for row in (tasks.annotate(last_note=last_note)
                .values("id", "title", "due", "status", "progress", "cancel_reason", "last_note", "lead_unit__name")
                .order_by("due", "id")[:limit]):
        rows.append(_task_row(row, row["due"], row["cancel_reason"] or row["last_note"], today, None))
    note = Subquery(Milestone.objects.filter(task=OuterRef("task_id")).order_by("-date", "-id").values("note")[:1])
    for row in (occurrences.annotate(last_note=note)
                .values("id", "task_id", "task__title", "label", "due", "status", "progress", "note", "last_note",
                        "task__lead_unit__name")
                .order_by("due", "id")[:limit]):
        row["title"], row["lead_unit__name"] = f"{row['task__title']} ({row['label']})", row["task__lead_unit__name"]
        rows.append(_task_row(row, row["due"], row["note"] or row["last_note"], today, row["task_id"]))
    rows.sort(key=lambda r: (r["due"] or "9999", r["title"]))
    return rows[:limit]


def _task_row(row, due, reason, today, task_id) -> dict:
    state = effective_status(row["status"], due, today)
    return {"task_id": task_id or row["id"], "title": row["title"], "due": due.isoformat() if due else None,
            "due_label": f"{due:%d/%m/%Y}" if due else "", "status": state, "status_label": status_label(state),
            "progress": row["progress"], "unit": row.get("lead_unit__name") or "",
            "reason": (reason or "") if state in (OVERDUE, TaskStatus.CANCELLED, TaskStatus.IN_PROGRESS) else ""}


def notable(acts, limit: int = NOTABLE_LIMIT) -> list[dict]:
    """Activities with evidence, the widest reach first, with links to their evidence."""
    # unknown reach last on every database (PostgreSQL sorts NULL first in a descending order)
    top = list(acts.filter(_has_evidence()).order_by(F("reach").desc(nulls_last=True), "-date", "-id")
               .values("id", "title", "date", "reach", "kind__name", "unit__name")[:limit])
    evidence: dict[int, list[dict]] = {}
    for ev in (Evidence.objects.filter(activity_id__in=[a["id"] for a in top])
               .values("id", "activity_id", "kind", "url", "original_name")):
        evidence.setdefault(ev["activity_id"], []).append(
            {"label": ev["original_name"] or ev["url"], "url": evidence_url(ev)})
    return [{"id": a["id"], "title": a["title"], "date": a["date"].isoformat(), "date_label": f"{a['date']:%d/%m/%Y}",
             "reach": a["reach"], "kind": a["kind__name"], "unit": a["unit__name"] or "",
             "url": activity_url(a["id"]), "evidence": evidence.get(a["id"], [])} for a in top]


# --- scoring --------------------------------------------------------------------------------------------
@cache
def default_scheme() -> dict:
    return json.loads(DEFAULT_SCHEME_FILE.read_text(encoding="utf-8"))


def scheme_for(commune) -> dict:
    from .models import ScoringScheme

    own = (ScoringScheme.objects.filter(province_id=commune.province_id).order_by("-year")
           .values_list("definition", flat=True).first())
    return own if own and not scoring.validation_errors(own) else default_scheme()


def scoring_facts(commune, start: date, end: date, today: date, kinds: list[dict] | None = None,
                  counts: dict | None = None, examples: bool = True) -> dict:
    acts = activities(commune, start, end)
    kinds = kinds if kinds is not None else by_kind(acts)
    counts = counts if counts is not None else task_counts(commune, start, end, today)
    facts_activities = {row["code"]: {"count": row["count"], "with_evidence": row["with_evidence"], "examples": []}
                        for row in kinds}
    wanted = [code for code, f in facts_activities.items() if f["with_evidence"]]
    if wanted and examples:
        # three examples per kind, picked by the database (ROW_NUMBER per kind), not by a loop over rows
        examples = (acts.filter(_has_evidence(), kind__code__in=wanted)
                    .annotate(rank=Window(RowNumber(), partition_by=[F("kind_id")], order_by=[F("date").desc(), F("id").desc()]))
                    .filter(rank__lte=3).values("id", "title", "date", "kind__code"))
        for row in examples:
            facts_activities[row["kind__code"]]["examples"].append(
                {"title": row["title"], "date": f"{row['date']:%d/%m/%Y}", "url": activity_url(row["id"])})
    planned = counts["total"] - counts.get("cancelled", 0)
    return {"targets": {"planned": planned, "done": counts.get("done", 0)}, "activities": facts_activities}


def self_assessment(commune, start: date, end: date, today: date, **known) -> scoring.ScoreResult:
    return scoring.score(scheme_for(commune), scoring_facts(commune, start, end, today, **known))


# --- whole reports --------------------------------------------------------------------------------------
def unit_figures(commune, period: Period, unit=None, today: date | None = None,
                 found: list[CountingWindow] | None = None) -> dict:
    """The figures of a unit's report (or, with no unit, the commune-wide ones). ``found``: the windows
    of activities the report counts (``cutoff.report_windows``), read from its reports when not given."""
    return _figures_and_cube(commune, period, unit, today, found)[0]


def late_entries(late, series: str = "q", limit: int = LATE_ROWS_LIMIT) -> list[dict]:
    """The late entries a report counts (“bổ sung kỳ trước”), with their dates and the period they belong
    to, oldest first."""
    rows = late.order_by("date", "id").values("id", "title", "date", "created_at", "kind__name", "unit__name")
    return [{"id": a["id"], "title": a["title"], "date": a["date"].isoformat(), "date_label": f"{a['date']:%d/%m/%Y}",
             "recorded_label": f"{timezone.localtime(a['created_at']):%d/%m/%Y}",
             "period_label": period_of(a["date"], series).label, "kind": a["kind__name"], "unit": a["unit__name"] or ""}
            for a in rows[:limit]]


def _figures_and_cube(commune, period: Period, unit, today: date | None,
                      found: list[CountingWindow] | None = None) -> tuple[dict, list[dict]]:
    today = today or timezone.localdate()
    start, end = period.start, period.end
    if found is None:
        found = cutoff.report_windows(commune, period, unit)
    acts = cutoff.counted_activities(commune, found, unit)
    late = cutoff.late_activities(commune, found, unit)
    own = found[0].recorded_before
    cube = activity_cube(acts, by_month=False)  # a report needs no month split: a few dozen groups, not thousands
    kinds = kinds_from_cube(cube)
    sums = totals_of(kinds)
    counts = task_counts(commune, start, end, today, unit)
    figures = {
        "version": FIGURES_VERSION, "period": {"code": period.code, "label": period.label,
                                                "start": start.isoformat(), "end": end.isoformat()},
        "unit": unit.name if unit is not None else None, "as_of": today.isoformat(),
        "cutoff": timezone.localtime(own).isoformat() if own else None,
        "totals": sums, "by_kind": kinds, "by_channel": by_channel(acts),
        "late": {"count": late.count(), "rows": late_entries(late, period.kind[0])},
        # every activity the report counts, so that what a sent report took in can be checked later
        "activity_ids": sorted(acts.values_list("id", flat=True)),
        "topics": topic_coverage(commune, start, end, unit, acts=acts),
        "tasks": {"counts": counts, "rows": task_rows(commune, start, end, today, unit)},
        "notable": notable(acts),
    }
    figures["empty"] = not sums["activities"] and not counts["total"]
    return figures, cube


def unit_overview(commune, period: Period, today: date, per_unit: dict | None = None) -> list[dict]:
    """Units side by side: activities, tasks done, their report's status and timeliness (4 queries, 3
    when the activities per unit are already known)."""
    from tuyentruyen.localities.models import Unit

    from .models import Report

    start, end = period.start, period.end
    acts = per_unit if per_unit is not None else dict(
        activities(commune, start, end).values("unit").annotate(n=Count("id")).values_list("unit", "n"))
    tasks, occurrences = task_items(commune, start, end)
    done = {}
    for qs, field in ((tasks, "lead_unit"), (occurrences, "task__lead_unit")):
        for unit_id, n in qs.filter(status=TaskStatus.DONE).values(field).annotate(n=Count("id", distinct=True)) \
                .values_list(field, "n"):
            done[unit_id] = done.get(unit_id, 0) + n
    reports = {r.unit_id: r for r in Report.objects.filter(commune=commune, year=period.year,
                                                           period_kind=period.kind, unit__isnull=False)}
    rows = []
    for unit in Unit.objects.filter(commune=commune, active=True).order_by("position", "name"):
        report = reports.get(unit.pk)
        rows.append({"unit_id": unit.pk, "unit": unit.name, "activities": acts.get(unit.pk, 0),
                     "tasks_done": done.get(unit.pk, 0),
                     "report_status": report.get_status_display() if report else "Chưa lập",
                     "report_id": report.pk if report else None,
                     "on_time": report.on_time if report else None})
    return rows


def commune_figures(commune, period: Period, today: date | None = None,
                    found: list[CountingWindow] | None = None) -> dict:
    """The commune's report: the commune-wide figures, the units' reports, the previous period and the
    plan's targets, and the self-assessed score."""
    from .models import Report, ReportStatus

    today = today or timezone.localdate()
    figures, cube = _figures_and_cube(commune, period, None, today, found)
    figures["units"] = unit_overview(commune, period, today, units_from_cube(cube))
    accepted = (Report.objects.filter(commune=commune, year=period.year, period_kind=period.kind,
                                      unit__isnull=False, status=ReportStatus.ACCEPTED)
                .select_related("unit").order_by("unit__position", "unit__name"))
    figures["unit_texts"] = [{"unit": r.unit.name, "results": r.results, "difficulties": r.difficulties,
                              "proposals": r.proposals} for r in accepted]
    previous = period.previous()
    prev_acts = activities(commune, previous.start, previous.end)
    prev_totals = totals(prev_acts)
    prev_counts = task_counts(commune, previous.start, previous.end, today)
    current, counts = figures["totals"], figures["tasks"]["counts"]
    figures["comparison"] = {"previous_label": previous.label, "rows": [
        {"label": "Số hoạt động tuyên truyền", "current": current["activities"], "previous": prev_totals["activities"]},
        {"label": "Hoạt động có minh chứng", "current": current["with_evidence"], "previous": prev_totals["with_evidence"]},
        {"label": "Lượt người được tuyên truyền", "current": current["reach"], "previous": prev_totals["reach"]},
        {"label": "Nhiệm vụ hoàn thành", "current": counts["done"], "previous": prev_counts["done"]},
        {"label": "Nhiệm vụ quá hạn", "current": counts["overdue"], "previous": prev_counts["overdue"]},
    ]}
    figures["targets"] = {"planned": counts["total"] - counts["cancelled"], "done": counts["done"]}
    figures["score"] = self_assessment(commune, period.start, period.end, today, kinds=figures["by_kind"],
                                       counts=counts).as_dict()
    return figures


# --- dashboard ------------------------------------------------------------------------------------------
def monthly_by_kind(acts, period: Period) -> tuple[list[str], list[tuple[str, list[int]]], list[dict]]:
    """Months of the period, one series per kind, and the same numbers as table rows."""
    months = period.months_list()
    index = {(y, m): i for i, (y, m) in enumerate(months)}
    series: dict[str, list[int]] = {}
    # "YYYY-MM" by a plain text cut: TruncMonth is a Python function per row on SQLite, ten times slower
    month = Substr(Cast("date", output_field=CharField()), 1, 7)
    for row in (acts.annotate(month=month).values("month", "kind__name", "kind__position")
                .annotate(n=Count("id")).order_by("kind__position", "kind__name")):
        key = (int(row["month"][:4]), int(row["month"][5:7]))
        if key in index:
            series.setdefault(row["kind__name"], [0] * len(months))[index[key]] += row["n"]
    categories = [f"T{m}" if len(months) > 6 else f"Tháng {m}" for _, m in months]
    table = [{"kind": name, "values": values, "total": sum(values)} for name, values in series.items()]
    return categories, list(series.items()), table


def overdue_list(commune, today: date, unit=None, limit: int = 10) -> list[dict]:
    qs = Task.objects.filter(commune=commune, status__in=OPEN_STATUSES, current_due__lt=today)
    if unit is not None:
        qs = qs.filter(lead_unit=unit)
    return [{"id": t["id"], "title": t["title"], "due_label": f"{t['current_due']:%d/%m/%Y}",
             "unit": t["lead_unit__name"] or t["lead_name"], "days": (today - t["current_due"]).days,
             "url": _url("work:task_detail", task_id=t["id"])}
            for t in qs.order_by("current_due", "id").values("id", "title", "current_due", "lead_unit__name",
                                                            "lead_name")[:limit]]


def overdue_count(commune, today: date, unit=None) -> int:
    qs = Task.objects.filter(commune=commune, status__in=OPEN_STATUSES, current_due__lt=today)
    return (qs.filter(lead_unit=unit) if unit is not None else qs).count()

