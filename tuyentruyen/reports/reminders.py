"""Reminders of report deadlines: a reminder source for the daily job (registered in ``tasks.py``).

Runs inside the commune's scope. Unit staff are reminded of their unit's report, the CCHC officers get
one line per deadline saying how many units have not sent theirs, and the commune's own report to the
province. From ``reminder_days`` days ahead, then every day after the deadline until the report is in
(the bell keeps one line per report: each day's reminder replaces the day before's). Once a report is
``report_escalation_days`` days late (a commune setting, 3 by default) the commune's leaders are told too.
The commune's leaders are reminded every day a report waits for their sign-off, and the province officers
every day a report the commune sent waits for their review.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tuyentruyen.localities.models import Unit
from tuyentruyen.notifications.models import Kind
from tuyentruyen.notifications.services import Reminder, leaders_of, recipients_for, reminder_days

from .models import Report, ReportStatus
from .periods import deadlines_between
from .services import deadline_rules

SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
# The commune's report waiting for the leader is off the officers' desk: the sign-off reminder chases it.
OUT_OF_OFFICERS_HANDS = (*SENT, ReportStatus.AWAITING_SIGNOFF)
DEFAULT_ESCALATION_DAYS = 3
# Late reports are chased for at most this long: a commune that starts using the product mid-year is not
# asked for the reports of periods before it did (nor before it was onboarded, see ``_first_day``).
LATE_WINDOW_DAYS = 366


def escalation_days(commune) -> int:
    try:
        return max(0, int(commune.setting("report_escalation_days", DEFAULT_ESCALATION_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_ESCALATION_DAYS


def _first_day(commune, today: date) -> date:
    first = today - timedelta(days=LATE_WINDOW_DAYS)
    if commune.onboarded_at is not None:
        first = max(first, timezone.localdate(commune.onboarded_at))
    return min(first, today - timedelta(days=1))  # the day after a deadline is always still reminded


def _when(due: date, today: date) -> str:
    if due < today:
        return f"đã quá hạn {(today - due).days} ngày (hạn {due:%d/%m/%Y})"
    if due == today:
        return "hạn là hôm nay"
    return f"hạn {due:%d/%m/%Y}, còn {(due - today).days} ngày"


def report_deadline_reminders(commune, today: date) -> list[Reminder]:
    return _deadline_reminders(commune, today) + signoff_reminders(commune, today) + review_reminders(commune, today)


def signoff_reminders(commune, today: date) -> list[Reminder]:
    waiting = list(Report.objects.filter(commune=commune, unit__isnull=True, status=ReportStatus.AWAITING_SIGNOFF))
    leaders = leaders_of(commune) if waiting else []
    return [Reminder(user=user, title=f"Báo cáo {report.period.label} của xã đang chờ anh/chị duyệt để gửi tỉnh",
                     url=reverse("reports:detail", args=[report.pk]), key=f"report:{report.pk}:signoff",
                     kind=Kind.REPORT_DEADLINE)
            for report in waiting for user in leaders]


def review_reminders(commune, today: date) -> list[Reminder]:
    from .access import province_receivers_of

    waiting = list(Report.objects.filter(commune=commune, unit__isnull=True, status=ReportStatus.SUBMITTED,
                                         submitted_at__isnull=False))
    officers = province_receivers_of(commune) if waiting else []
    reminders = []
    for report in waiting:
        days = (today - report.submitted_at.date()).days
        since = f", đã gửi {days} ngày" if days > 0 else ""
        for user in officers:
            reminders.append(Reminder(
                user=user, title=f"Báo cáo {report.period.label} của {commune.name} chờ tiếp nhận{since}",
                url=reverse("reports:province_detail", args=[report.pk]), key=f"report:{report.pk}:review",
                kind=Kind.REPORT_DEADLINE))
    return reminders


def _deadline_reminders(commune, today: date) -> list[Reminder]:
    ahead = reminder_days(commune)
    deadlines = deadlines_between(deadline_rules(commune), _first_day(commune, today), today + timedelta(days=ahead))
    if not deadlines:
        return []
    url = reverse("reports:list")
    officers = recipients_for(commune)
    leaders = leaders_of(commune)
    escalate_after = escalation_days(commune)
    reminders: list[Reminder] = []
    for deadline in deadlines:
        period = deadline.period
        sent = set(Report.objects.filter(commune=commune, year=period.year, period_kind=period.kind,
                                         status__in=OUT_OF_OFFICERS_HANDS).values_list("unit_id", flat=True))
        link = f"{url}?ky={period.code}"
        late_days = (today - deadline.due).days
        to_leaders = late_days >= escalate_after and late_days > 0
        if deadline.commune_level:
            if None in sent:
                continue
            title = f"Báo cáo tuyên truyền CCHC {period.label} của xã gửi tỉnh: {_when(deadline.due, today)}"
            for user in officers:
                reminders.append(Reminder(user=user, title=title, url=link, key=f"report:{period.code}:commune:due",
                                          kind=Kind.REPORT_DEADLINE))
            if to_leaders:
                for user in leaders:
                    reminders.append(Reminder(user=user, title=title, url=link, kind=Kind.OVERDUE,
                                              key=f"report:{period.code}:commune:late"))
            continue
        late_units = list(Unit.objects.filter(commune=commune, active=True).exclude(pk__in=[u for u in sent if u]))
        if not late_units:
            continue
        staff = get_user_model().objects.filter(commune=commune, is_active=True,
                                                unit__in=late_units).select_related("unit").order_by("pk")
        for user in staff:
            reminders.append(Reminder(
                user=user, title=f"Báo cáo tuyên truyền CCHC {period.label} của {user.unit.name}: "
                                 f"{_when(deadline.due, today)}",
                url=link, key=f"report:{period.code}:unit:{user.unit_id}:due", kind=Kind.REPORT_DEADLINE))
        names = ", ".join(u.name for u in late_units[:10]) + (f" và {len(late_units) - 10} đơn vị khác"
                                                              if len(late_units) > 10 else "")
        summary = f"{len(late_units)} đơn vị chưa gửi báo cáo {period.label} ({_when(deadline.due, today)})"
        for user in officers:
            reminders.append(Reminder(user=user, title=summary, body=names, url=link,
                                      key=f"report:{period.code}:units:due", kind=Kind.REPORT_DEADLINE))
        if to_leaders:
            for user in leaders:
                reminders.append(Reminder(user=user, title=summary, body=names, url=link,
                                          key=f"report:{period.code}:units:late", kind=Kind.OVERDUE))
    return reminders
