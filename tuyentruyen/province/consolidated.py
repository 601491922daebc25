"""The province's consolidated report (báo cáo tổng hợp) of a period, as JSON-ready figures.

Built only from the communes' commune-level reports (unit empty) and the figures stored in them when sent:
the totals add up the **accepted** reports alone. A report sent but not accepted yet, or still with the
commune, appears on its own line with its state; its figures are shown apart and never added silently.
Three queries whatever the number of communes (communes, their reports' figure parts, scores).
"""

from __future__ import annotations

from datetime import date

from django.db.models.fields.json import KT, KeyTransform
from django.utils import timezone

from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.reports.periods import Period
from tuyentruyen.reports.services import deadline_rules

from . import rollup

FIGURES_VERSION = 1
NOT_SENT = "Chưa gửi"


def _reports(codes: list[int], period: Period) -> dict[int, dict]:
    # Only the parts the consolidation reads, not the whole snapshot (task rows, notable activities).
    rows = (Report.objects.filter(commune_id__in=codes, unit__isnull=True, year=period.year, period_kind=period.kind)
            .values("id", "commune_id", "status", "submitted_at", "due",
                    totals=KeyTransform("totals", "figures"), by_kind=KeyTransform("by_kind", "figures"),
                    by_channel=KeyTransform("by_channel", "figures"), topics=KeyTransform("topics", "figures"),
                    task_counts=KeyTransform("counts", KeyTransform("tasks", "figures")),
                    points=KT("figures__score__points")))
    return {r["commune_id"]: r for r in rows}


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0  # a figure edited by hand must not break the report


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _add_kinds(into: dict, kinds: list[dict]) -> None:
    for kind in kinds:
        name = str(kind.get("name") or kind.get("code") or "")
        entry = into.setdefault(name, {"name": name, "count": 0, "reach": 0, "with_evidence": 0})
        entry["count"] += _int(kind.get("count"))
        entry["reach"] += _int(kind.get("reach"))
        entry["with_evidence"] += _int(kind.get("with_evidence"))


def _add_channels(into: dict, channels: list[dict]) -> None:
    for channel in channels:
        name = str(channel.get("name") or "")
        entry = into.setdefault(name, {"name": name, "count": 0})
        entry["count"] += _int(channel.get("count"))


def _commune_row(commune, report: dict | None, due: date, today: date, own: float | None,
                 appraised: float | None) -> dict:
    status = report["status"] if report else None
    accepted = status == ReportStatus.ACCEPTED
    totals = _dict(report and report["totals"])
    counts = _dict(report and report["task_counts"])
    topics = _dict(report and report["topics"])
    covered, missed = _list(topics.get("covered")), _list(topics.get("not_covered"))
    state = rollup.report_state(report, due, today)
    submitted = report["submitted_at"] if report else None
    sent = status in rollup.SENT_STATUSES
    return {
        "code": commune.pk, "name": commune.full_name, "accepted": accepted,
        "status": status or "", "status_label": ReportStatus(status).label if status else NOT_SENT,
        "state": state, "state_label": rollup.REPORT_STATES[state],
        "on_time": None if not sent else state == rollup.ON_TIME,
        "submitted_on": timezone.localtime(submitted).date().isoformat() if submitted else None,
        "due": due.isoformat(),
        # the report's own figures when it was sent; a draft's are not figures the commune stands by
        "has_figures": sent,
        "activities": _int(totals.get("activities")) if sent else None,
        "reach": _int(totals.get("reach")) if sent else None,
        "tasks_done": _int(counts.get("done")) if sent else None,
        "tasks_overdue": _int(counts.get("overdue")) if sent else None,
        "topics": len(covered) + len(missed) if sent else None, "topics_covered": len(covered) if sent else None,
        "self_score": own, "appraised_score": appraised,
    }


def consolidated_figures(province, period: Period, today: date | None = None) -> dict:
    """The consolidated report's figures (JSON-ready): accepted communes' totals, by kind and channel,
    topic coverage, one row per commune, and the communes not accepted yet with their own totals apart."""
    today = today or timezone.localdate()
    communes = list(rollup.communes_of(province))
    codes = [c.pk for c in communes]
    reports = _reports(codes, period) if codes else {}
    own_scores, appraised = rollup.scores(codes, period.year, reports) if codes else ({}, {})
    kinds: dict[str, dict] = {}
    channels: dict[str, dict] = {}
    topic_communes: dict[str, int] = {}
    rows, pending = [], []
    accepted_totals = {"activities": 0, "reach": 0, "tasks_done": 0, "tasks_overdue": 0, "communes": 0}
    pending_totals = {"activities": 0, "reach": 0, "tasks_done": 0, "tasks_overdue": 0, "communes": 0}
    for commune in communes:
        report = reports.get(commune.pk)
        due = report["due"] if report and report["due"] else deadline_rules(commune).deadline(period, commune_level=True)
        row = _commune_row(commune, report, due, today, own_scores.get(commune.pk), appraised.get(commune.pk))
        rows.append(row)
        if row["accepted"]:
            _add_kinds(kinds, _list(report["by_kind"]))
            _add_channels(channels, _list(report["by_channel"]))
            for topic in _list(_dict(report["topics"]).get("covered")):
                label = str(topic.get("label") or "")
                topic_communes[label] = topic_communes.get(label, 0) + 1
            target = accepted_totals
        else:
            pending.append(row)
            target = pending_totals
        target["communes"] += 1
        for key in ("activities", "reach", "tasks_done", "tasks_overdue"):
            target[key] += row[key] or 0
    accepted_count = accepted_totals["communes"]
    return {
        "version": FIGURES_VERSION,
        "province": {"code": province.pk, "name": province.name},
        "period": {"code": period.code, "label": period.label, "start": period.start.isoformat(),
                   "end": period.end.isoformat()},
        "as_of": today.isoformat(),
        "communes": len(communes), "accepted": accepted_count, "not_accepted": len(communes) - accepted_count,
        "totals": accepted_totals, "not_accepted_totals": pending_totals,
        "by_kind": sorted(kinds.values(), key=lambda k: -k["count"]),
        "by_channel": sorted(channels.values(), key=lambda c: -c["count"]),
        "topics": [{"label": label, "communes": n} for label, n in
                   sorted(topic_communes.items(), key=lambda item: (-item[1], item[0]))],
        "rows": rows,
        "not_accepted_rows": pending,
    }
