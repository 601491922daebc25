"""Writes of the province app: only the derived monthly summary (the pages themselves read)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.work.models import Activity

from .models import ActivityMonth


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def changed_months(since) -> list[date]:
    """Months holding an activity recorded, changed or (softly) deleted since ``since``."""
    with scopes_disabled():  # the summary spans every commune of every province
        days = (Activity.objects.filter(updated_at__gte=since).annotate(m=TruncMonth("date"))
                .values_list("m", flat=True).distinct())
        return sorted({_first_of_month(d if isinstance(d, date) else d.date()) for d in days})


@transaction.atomic
def refresh_activity_months(months: list[date] | None = None) -> int:
    """Recompute the summary for ``months`` (first days), or all of it with ``None``; returns the rows
    written. Idempotent: each month is deleted and written again from the activities in one transaction."""
    table = ActivityMonth._meta.db_table
    with scopes_disabled():  # the summary spans every commune of every province
        source = Activity.objects.filter(deleted_at__isnull=True)
        if months is not None:
            if not months:
                return 0
            source = source.filter(date__gte=min(months), date__lt=_next_month(max(months)))
            source = source.annotate(m=TruncMonth("date")).filter(m__in=months)
        else:
            source = source.annotate(m=TruncMonth("date"))
        grouped = (source.values("commune__province_id", "kind__code", "m")
                   .annotate(n=Count("id"), r=Coalesce(Sum("reach"), 0)).order_by()
                   .values_list("commune__province_id", "kind__code", "m", "n", "r"))
        select_sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        # audit: derived figures rebuilt from the activities (which are audited), no one's record
        if months is None:
            cursor.execute(f"DELETE FROM {table}")
        else:
            cursor.execute(f"DELETE FROM {table} WHERE month IN ({', '.join(['%s'] * len(months))})", months)
        cursor.execute(f"INSERT INTO {table} (province_id, kind_code, month, activities, reach) {select_sql}", params)
        return cursor.rowcount


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def refresh_recent_activity_months() -> int:
    """The daily job: the months touched in the last two days (a day of overlap: a missed run loses nothing)."""
    return refresh_activity_months(changed_months(timezone.now() - timedelta(days=2)))


def national_summary(start: date, end: date) -> list[dict]:
    """Activities by province and kind for the months from ``start`` to ``end`` (from the summary)."""
    rows = (ActivityMonth.objects.filter(month__gte=_first_of_month(start), month__lte=end)
            .values("province_id", "kind_code").annotate(activities=Sum("activities"), reach=Sum("reach"))
            .order_by("province_id", "kind_code"))
    return list(rows)
