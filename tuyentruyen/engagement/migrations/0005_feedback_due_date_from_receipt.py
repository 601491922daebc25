"""Feedback received before the deadline ran from receipt has no due date unless someone assigned it:
give it one counted from the day it arrived (the commune's setting, else the province's, else 10 days),
so that items nobody assigned count as overdue in the 766/QĐ-TTg figures."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

DEFAULT_DAYS = 10


def _days(commune) -> int:
    for settings in (commune.settings or {}, commune.province.settings or {}):
        value = settings.get("feedback_answer_days")
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 365:
            return value
    return DEFAULT_DAYS


def set_due_dates(apps, schema_editor):
    Feedback = apps.get_model("engagement", "Feedback")
    # Historical models have plain managers (no tenant scope): this runs once over every commune.
    days = {}
    for feedback in Feedback.objects.filter(due_date__isnull=True).select_related("commune__province"):
        if feedback.commune_id not in days:
            days[feedback.commune_id] = _days(feedback.commune)
        feedback.due_date = timezone.localdate(feedback.created_at) + timedelta(days=days[feedback.commune_id])
        feedback.save(update_fields=["due_date"])  # audit: a migration, before the audit trail reads rows


class Migration(migrations.Migration):
    dependencies = [("engagement", "0004_merge_0002_bounds_checks_0003_survey_response_token")]

    operations = [migrations.RunPython(set_due_dates, migrations.RunPython.noop)]
