"""What an activity is saved with is what was entered: dates checked against today and the plan's
period, and entries into a period whose report was already sent marked as late entries."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tuyentruyen.conftest import client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.models import PlanTopic
from tuyentruyen.reports.models import Report, ReportStatus
from tuyentruyen.work import services
from tuyentruyen.work.models import Activity

pytestmark = pytest.mark.django_db


def _save(commune, **kwargs):
    kwargs.setdefault("kind", services.get_kind(commune, "radio"))
    kwargs.setdefault("title", "Phát thanh chuyên mục CCHC")
    kwargs.setdefault("day", date(2025, 8, 5))
    return services.save_activity(commune, **kwargs)


def _sent_report(commune, unit, year, kind, status=ReportStatus.SUBMITTED, on=date(2025, 9, 8)):
    return Report.objects.create(commune=commune, unit=unit, year=year, period_kind=kind, status=status,
                                 submitted_at=timezone.make_aware(datetime.combine(on, datetime.min.time())))


@pytest.mark.parametrize(("day", "day_end", "refused"), [
    (timedelta(days=0), None, None),
    (timedelta(days=1), None, "ở tương lai"),
    (timedelta(days=-3), timedelta(days=0), None),
    (timedelta(days=-3), timedelta(days=2), "“Đến ngày”"),
])
def test_dates_in_the_future_are_refused(scope_a, day, day_end, refused):
    today = timezone.localdate()
    kwargs = {"day": today + day, "day_end": today + day_end if day_end is not None else None}
    if refused:
        with pytest.raises(services.WorkError, match=refused):
            _save(scope_a, **kwargs)
        assert not Activity.objects.exists()
    else:
        assert _save(scope_a, **kwargs).pk


@pytest.mark.parametrize(("day", "marked", "refused", "stored_outside"), [
    (date(2025, 8, 5), False, False, False),     # inside 01/07–31/12/2025
    (date(2025, 6, 30), False, True, False),     # the day before the period
    (date(2025, 6, 30), True, False, True),      # the same, marked "ngoài kỳ kế hoạch"
    (date(2025, 8, 5), True, False, False),      # marked, but inside: stored as it is
])
def test_dates_outside_the_plans_period_need_the_mark(scope_a, plan_a, day, marked, refused, stored_outside):
    topic = PlanTopic.objects.filter(plan=plan_a).first()
    if refused:
        with pytest.raises(services.WorkError, match="ngoài kỳ kế hoạch"):
            _save(scope_a, day=day, topics=[topic], outside_plan_period=marked)
        assert not Activity.objects.exists()
        return
    saved = _save(scope_a, day=day, topics=[topic], outside_plan_period=marked)
    assert saved.outside_plan_period is stored_outside


def test_an_activity_tied_to_no_plan_is_checked_against_the_issued_plans(scope_a, plan_a):
    with pytest.raises(services.WorkError, match="01/07/2025 đến 31/12/2025"):
        _save(scope_a, day=date(2025, 3, 1))
    assert _save(scope_a, day=date(2025, 3, 1), outside_plan_period=True).outside_plan_period


def test_other_apps_recording_outside_the_period_are_marked_not_refused(scope_a, plan_a):
    recorded = services.record_activity(scope_a, kind_code="news_article", title="Tin bài", date=date(2025, 3, 1))
    assert recorded.outside_plan_period


def test_recording_into_a_sent_period_asks_then_marks_a_late_entry(scope_a, plan_a):
    unit = unit_of(scope_a, "media_center")
    q3 = _sent_report(scope_a, unit, 2025, "q3")
    _sent_report(scope_a, unit, 2025, "h2", status=ReportStatus.DRAFT)
    with pytest.raises(services.LateEntryNeedsConfirmation, match="quý III năm 2025") as asked:
        _save(scope_a, unit=unit, day=date(2025, 9, 28))
    assert asked.value.report == q3 and not Activity.objects.exists()
    late = _save(scope_a, unit=unit, day=date(2025, 9, 28), confirm_late=True)
    assert late.late_entry and late.recorded_after_cutoff_of == q3
    # the next quarter is not reported yet; another unit's report freezes nothing of this unit
    on_time = _save(scope_a, unit=unit, day=date(2025, 10, 2))
    other = _save(scope_a, unit=unit_of(scope_a, "office"), day=date(2025, 9, 28))
    assert not on_time.late_entry and on_time.recorded_after_cutoff_of is None
    assert not other.late_entry


def test_a_returned_report_freezes_nothing_and_the_shortest_period_wins(scope_a, plan_a):
    unit = unit_of(scope_a, "media_center")
    _sent_report(scope_a, unit, 2025, "q3", status=ReportStatus.RETURNED)
    assert not _save(scope_a, unit=unit, day=date(2025, 8, 1)).late_entry
    year = _sent_report(scope_a, unit, 2025, "y", status=ReportStatus.ACCEPTED)
    half = _sent_report(scope_a, unit, 2025, "h2")
    assert services.frozen_report_for(scope_a, unit.pk, date(2025, 8, 1)) == half
    assert services.frozen_report_for(scope_a, unit.pk, date(2025, 3, 1)) == year
    assert services.frozen_report_for(scope_a, None, date(2025, 8, 1)) is None  # the commune's own: none sent


def test_editing_a_counted_activity_without_moving_it_asks_nothing(scope_a, plan_a):
    unit = unit_of(scope_a, "media_center")
    counted = _save(scope_a, unit=unit, day=date(2025, 9, 2))
    _sent_report(scope_a, unit, 2025, "q3")
    edited = _save(scope_a, unit=unit, day=date(2025, 9, 2), title="Phát thanh (sửa tiêu đề)", activity=counted)
    assert not edited.late_entry
    with pytest.raises(services.LateEntryNeedsConfirmation):
        _save(scope_a, unit=unit, day=date(2025, 9, 3), activity=counted)
    counted.refresh_from_db()
    assert counted.date == date(2025, 9, 2)


def test_the_form_asks_before_a_late_entry_and_nothing_is_carried(plan_a, staff_a):
    commune = plan_a.commune
    with commune_scope(commune):
        _sent_report(commune, staff_a.unit, 2025, "q3")
        kind = services.get_kind(commune, "loudspeaker")
    client = client_for(staff_a)
    post = {"kind": kind.pk, "date": "2025-09-20", "title": "Bản tin loa về dịch vụ công"}
    asked = client.post("/hoat-dong/them/", post).content.decode()
    assert "đã gửi" in asked and "Vẫn ghi, bổ sung kỳ đã báo cáo" in asked
    with commune_scope(commune):
        assert not Activity.objects.exists()
    assert client.post("/hoat-dong/them/", {**post, "confirm_late": "on"}).status_code == 302
    with commune_scope(commune):
        assert Activity.objects.get().late_entry
    fresh = client.get("/hoat-dong/them/").content.decode()
    assert "Vẫn ghi, bổ sung kỳ đã báo cáo" not in fresh and f'value="{kind.pk}" selected' not in fresh
    future = client.post("/hoat-dong/them/", {**post, "date": (timezone.localdate() + timedelta(days=2)).isoformat()})
    assert "ở tương lai" in future.content.decode()


def test_a_marked_activity_keeps_its_mark_while_its_date_stays(scope_a, plan_a):
    marked = _save(scope_a, day=date(2025, 3, 1), outside_plan_period=True)
    # its row of an exported sheet, or an edit of another field, comes back without the mark
    again = _save(scope_a, day=date(2025, 3, 1), title="Phát thanh (sửa)", activity=marked)
    assert again.outside_plan_period and again.title == "Phát thanh (sửa)"
    with pytest.raises(services.WorkError, match="ngoài kỳ kế hoạch"):
        _save(scope_a, day=date(2025, 3, 2), activity=marked)
