"""Feedback statistics for residents (/<xã>/phan-anh/thong-ke/): received, answered, answered on time as
766/QĐ-TTg counts it (by the deadline set from receipt), late (answered late, or still open past the
deadline), average days to answer; per month for the last 12 months and per category. Grouped queries:
the page costs the same few queries however many items there are. No personal data is read."""

from datetime import datetime, time

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from .figures import Tally, last_months
from .models import Feedback, FeedbackCategory


def _tally_annotations(today):
    answered = Q(answered_at__isnull=False)
    # An item with no deadline (none is made so since the deadline runs from receipt) is never late.
    on_time = answered & (Q(due_date__isnull=True) | Q(answered_day__lte=F("due_date")))
    late = (answered & Q(answered_day__gt=F("due_date"))) | Q(answered_at__isnull=True, due_date__lt=today)
    pending = Q(answered_at__isnull=True) & (Q(due_date__isnull=True) | Q(due_date__gte=today))
    return {
        "received": Count("id"),
        "answered": Count("id", filter=answered),
        "on_time": Count("id", filter=on_time),
        "late": Count("id", filter=late),
        "pending": Count("id", filter=pending),
        "answer_time": Sum(ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField()),
                           filter=answered),
    }


def _tally(row) -> Tally:
    duration = row.get("answer_time")
    return Tally(received=row["received"], answered=row["answered"], on_time=row["on_time"], late=row["late"],
                 pending=row["pending"], answer_days_total=duration.total_seconds() / 86400 if duration else 0.0)


def feedback_statistics(commune, today=None) -> dict:
    """{"months": [(first day, Tally)], "categories": [(label, Tally)], "total": Tally, "since": date}.
    Months with nothing received are listed with zeros, so the table reads as a calendar."""
    today = today or timezone.localdate()
    months = last_months(today)
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    counts = _tally_annotations(today)
    items = (Feedback.objects.filter(commune=commune, created_at__gte=since)
             .annotate(answered_day=TruncDate("answered_at")).order_by())  # in Vietnam's time zone
    by_month = {
        timezone.localtime(row["month"]).date().replace(day=1) if isinstance(row["month"], datetime)
        else row["month"]: _tally(row)
        for row in items.annotate(month=TruncMonth("created_at")).values("month").annotate(**counts)
    }
    by_category = {row["category"]: _tally(row) for row in items.values("category").annotate(**counts)}
    total = items.aggregate(**counts)
    labels = dict(FeedbackCategory.choices)
    return {
        "since": months[0],
        "months": [(m, by_month.get(m, Tally())) for m in months],
        "categories": [(labels[code], by_category[code]) for code in labels if code in by_category],
        "total": _tally(total),
    }
