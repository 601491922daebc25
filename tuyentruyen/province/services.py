"""Writes of the province app: only the derived monthly summary (the pages themselves read)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.work.models import Activity

from .models import ActivityMonth, CommuneActivityMonth, CommuneTopicMonth


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


# --- the per-commune monthly summaries of the province overview ---------------------------------------
# What they count: the activities not deleted, and the ones a background import is still writing (hidden
# under its job until it publishes them all at once with one UPDATE, which sends no signal): the summary
# counts them from the start, so publishing changes nothing in it, and a failed import's removal (a delete,
# which does send signals) takes them out again.
COUNTED = Q(deleted_at__isnull=True) | Q(import_job__isnull=False)


@transaction.atomic
def refresh_commune_months(codes: list[int] | None = None, months: list[date] | None = None) -> int:
    """Recompute ``CommuneActivityMonth`` and ``CommuneTopicMonth`` for the communes ``codes`` and the
    ``months`` (first days); ``None`` means all of them. Returns the activity rows written.

    Called by ``signals.py`` after each activity write, inside its transaction, for the commune's months
    before and after the write; the communes' rows are locked first so that two writes of one commune
    recompute one after the other (each then counts the other's committed activity)."""
    from tuyentruyen.localities.models import Commune

    if (codes is not None and not codes) or (months is not None and not months):
        return 0
    through = Activity.topics.through
    with scopes_disabled():  # the communes are named explicitly (all of them for a rebuild)
        if codes is not None:
            list(Commune.objects.select_for_update().filter(pk__in=codes).order_by("pk").values_list("pk"))
        acts = Activity.objects.filter(COUNTED)
        links = through.objects.filter(Q(activity__deleted_at__isnull=True) | Q(activity__import_job__isnull=False))
        if codes is not None:
            acts, links = acts.filter(commune_id__in=codes), links.filter(activity__commune_id__in=codes)
        acts, links = acts.annotate(m=TruncMonth("date")), links.annotate(m=TruncMonth("activity__date"))
        if months is not None:
            first, last = min(months), _next_month(max(months))
            acts = acts.filter(date__gte=first, date__lt=last, m__in=months)
            links = links.filter(activity__date__gte=first, activity__date__lt=last, m__in=months)
        act_sql, act_params = (acts.values("commune_id", "m")
                               .annotate(n=Count("id"), r=Coalesce(Sum("reach"), 0), last=Max("date")).order_by()
                               .values_list("commune_id", "m", "n", "r", "last").query.sql_with_params())
        link_sql, link_params = (links.values("activity__commune_id", "plantopic_id", "m")
                                 .annotate(n=Count("activity_id")).order_by()
                                 .values_list("activity__commune_id", "plantopic_id", "m", "n")
                                 .query.sql_with_params())
    where, params = [], []
    if codes is not None:
        where.append(f"commune_id IN ({', '.join(['%s'] * len(codes))})")
        params += list(codes)
    if months is not None:
        where.append(f"month IN ({', '.join(['%s'] * len(months))})")
        params += list(months)
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    with connection.cursor() as cursor:
        # audit: derived figures recomputed from the activities (which are audited), no one's record
        cursor.execute(f"DELETE FROM {CommuneTopicMonth._meta.db_table}{condition}", params)
        cursor.execute(f"DELETE FROM {CommuneActivityMonth._meta.db_table}{condition}", params)
        cursor.execute(f"INSERT INTO {CommuneTopicMonth._meta.db_table} (commune_id, topic_id, month, activities) "
                       f"{link_sql}", link_params)
        cursor.execute(f"INSERT INTO {CommuneActivityMonth._meta.db_table} (commune_id, month, activities, reach, last_date) "
                       f"{act_sql}", act_params)
        return cursor.rowcount
