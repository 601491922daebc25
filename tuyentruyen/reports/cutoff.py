"""The cut-offs of reports in the database, and the activities a report counts (see ``counting.py``
for the rule).

A report's ``cutoff`` is set when it is first sent. While it is sent (or accepted) it never moves. A
returned report counts live again and is given a new cut-off when sent anew, unless the next report of its
series was sent in between: then its cut-off stays, so what that next report took in as late entries is
not counted twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from tuyentruyen.work.models import Activity

from .counting import Window, windows
from .periods import Period


def series_cutoffs(commune, unit, period: Period) -> dict[Period, datetime]:
    """The cut-offs of this unit's (or, with no unit, the commune's) reports of ``period``'s series."""
    from .models import Report

    rows = (Report.objects.filter(commune=commune, unit=unit, period_kind__in=period.family, cutoff__isnull=False)
            .values_list("year", "period_kind", "cutoff"))
    return {Period(year, kind): cutoff for year, kind, cutoff in rows}


def next_is_frozen(report, cutoffs: dict[Period, datetime]) -> bool:
    following = report.period.following()
    return following in cutoffs


def own_cutoff(report, cutoffs: dict[Period, datetime]) -> datetime | None:
    """The cut-off this report counts up to now: its own once sent, or while returned if the next report
    was sent since; None for a draft that still counts everything recorded so far."""
    if report.cutoff is None:
        return None
    if report.is_frozen or next_is_frozen(report, cutoffs):
        return report.cutoff
    return None


def hold_new_activities() -> datetime:
    """The moment of a cut-off, taken so that no activity can be recorded with an earlier time yet become
    visible after the figures are read (it would then count nowhere). Call inside the submitting
    transaction. SQLite writes one transaction at a time (BEGIN IMMEDIATE), so this already holds there;
    PostgreSQL is asked to hold new activities until the report is saved, after those being written finish."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{Activity._meta.db_table}" IN SHARE MODE')
    return timezone.now()


def cutoff_for_submission(report, now: datetime) -> datetime:
    """The cut-off a report gets when sent now (see the module docstring)."""
    if report.cutoff is not None and next_is_frozen(report, series_cutoffs(report.commune, report.unit,
                                                                          report.period)):
        return report.cutoff
    return now


def report_windows(commune, period: Period, unit=None, cutoff: datetime | None = None,
                   use_own: bool = True) -> list[Window]:
    """The windows of the report of ``period`` for this unit (or the commune). With ``use_own``, the
    report's own cut-off is read from the database; otherwise ``cutoff`` is used (a submission)."""
    from .models import Report

    cutoffs = series_cutoffs(commune, unit, period)
    if use_own:
        report = Report.objects.filter(commune=commune, unit=unit, year=period.year, period_kind=period.kind).first()
        cutoff = own_cutoff(report, cutoffs) if report is not None else None
    return windows(period, cutoffs, cutoff)


def window_filter(found: list[Window]) -> Q:
    condition = Q(pk__in=[])
    for window in found:
        box = Q(date__gte=window.dated.start, date__lte=window.dated.end)
        if window.recorded_from is not None:
            box &= Q(created_at__gte=window.recorded_from)
        if window.recorded_before is not None:
            box &= Q(created_at__lt=window.recorded_before)
        condition |= box
    return condition


def counted_activities(commune, found: list[Window], unit=None):
    """The activities (deleted ones left out) of a unit, or of the whole commune, inside the windows."""
    qs = Activity.objects.filter(commune=commune, deleted_at__isnull=True).filter(window_filter(found))
    return qs.filter(unit=unit) if unit is not None else qs


def late_activities(commune, found: list[Window], unit=None):
    """The late entries among them: those dated in an earlier period."""
    return counted_activities(commune, [w for w in found[1:]], unit) if len(found) > 1 else Activity.objects.none()


def frozen_report_covering(commune, unit, day, series: str = "q"):
    """The sent report of this unit whose period holds ``day``, if any: an activity recorded for that day
    now is a late entry of it (the activity form asks before recording one, the next report counts it)."""
    from .models import Report
    from .periods import period_of

    period = period_of(day, series)
    return (Report.objects.filter(commune=commune, unit=unit, year=period.year, period_kind=period.kind,
                                  cutoff__isnull=False).first())
