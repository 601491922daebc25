from datetime import date, timedelta

import pytest
from django.utils import timezone

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.province import services
from tuyentruyen.province.models import ActivityMonth
from tuyentruyen.reports.tests.factories import activity
from tuyentruyen.work.models import Activity

pytestmark = pytest.mark.django_db


def summary(province):
    return {(r["kind_code"], r["month"]): (r["activities"], r["reach"])
            for r in ActivityMonth.objects.filter(province=province).values()}


def test_the_summary_matches_the_activities_and_is_idempotent(province, commune_a, commune_b):
    with commune_scope(commune_a):
        activity(commune_a, "radio", date(2026, 1, 5), reach=10)
        activity(commune_a, "radio", date(2026, 1, 25), reach=5)
        activity(commune_a, "banner", date(2026, 2, 1))
        activity(commune_a, "radio", date(2026, 2, 3), deleted=True)
    with commune_scope(commune_b):
        activity(commune_b, "radio", date(2026, 1, 9), reach=1)
    services.refresh_activity_months()
    services.refresh_activity_months()
    assert summary(province) == {("radio", date(2026, 1, 1)): (3, 16), ("banner", date(2026, 2, 1)): (1, 0)}
    rows = services.national_summary(date(2026, 1, 1), date(2026, 3, 31))
    assert [(r["province_id"], r["kind_code"], r["activities"]) for r in rows] == [
        (province.pk, "banner", 1), (province.pk, "radio", 3)]


def test_the_daily_job_recomputes_only_the_months_changed(province, commune_a):
    with commune_scope(commune_a):
        old = activity(commune_a, "radio", date(2025, 12, 5))
        activity(commune_a, "radio", date(2026, 3, 5))
    services.refresh_activity_months()
    with commune_scope(commune_a):
        Activity.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=10))  # audit: test setup
        new = activity(commune_a, "radio", date(2026, 3, 6))
    assert services.changed_months(timezone.now() - timedelta(days=2)) == [date(2026, 3, 1)]
    assert services.refresh_recent_activity_months() == 1
    assert summary(province)[("radio", date(2026, 3, 1))] == (2, 0)
    with commune_scope(commune_a):
        new.deleted_at = timezone.now()
        new.save()
    services.refresh_recent_activity_months()
    assert summary(province) == {("radio", date(2025, 12, 1)): (1, 0), ("radio", date(2026, 3, 1)): (1, 0)}
