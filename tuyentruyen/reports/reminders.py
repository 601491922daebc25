"""Reminders of report deadlines: a reminder source for the daily job (registered in ``tasks.py``).

Runs inside the commune's scope. Unit staff are reminded of their unit's report, the CCHC officers get
one line per deadline saying how many units have not sent theirs, from ``reminder_days`` days ahead until
the day after the deadline. The commune's own report to the province: its officers from ``reminder_days``
ahead and then every day while it is late (up to ``LATE_DAYS``); its leaders every day a report waits for
their sign-off; the province officers every day a report the commune sent waits for their review.
(Notifications are kept once per user, key and day, so the same key reminds again the next day.)
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tuyentruyen.localities.models import Unit
from tuyentruyen.notifications.models import Kind
from tuyentruyen.notifications.services import Reminder, recipients_for, reminder_days

from .models import Report, ReportStatus
from .periods import deadlines_between
from .services import deadline_rules

SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
LATE_DAYS = 92  # a commune report still unsent a quarter after its deadline is no longer chased daily


def _when(due: date, today: date) -> str:
    if due < today:
        return f"đã quá hạn ({due:%d/%m/%Y})"
    if due == today:
        return "hạn là hôm nay"
    return f"hạn {due:%d/%m/%Y}, còn {(due - today).days} ngày"


def report_deadline_reminders(commune, today: date) -> list[Reminder]:
    return _deadline_reminders(commune, today) + signoff_reminders(commune, today) + review_reminders(commune, today)


def signoff_reminders(commune, today: date) -> list[Reminder]:
    from .access import leaders_of

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
    rules = deadline_rules(commune)
    deadlines = deadlines_between(rules, today - timedelta(days=1), today + timedelta(days=ahead))
    # the commune's own report is chased every day while late, not only the day after
    # (periods that ended before the commune started using the product are not its to catch up)
    started = timezone.localtime(commune.onboarded_at).date() if commune.onboarded_at else None
    known = {(d.period, d.commune_level) for d in deadlines}
    deadlines += [d for d in deadlines_between(rules, today - timedelta(days=LATE_DAYS), today - timedelta(days=2))
                  if d.commune_level and (d.period, d.commune_level) not in known
                  and started is not None and d.period.end >= started]
    if not deadlines:
        return []
    url = reverse("reports:list")
    officers = recipients_for(commune)
    reminders: list[Reminder] = []
    for deadline in deadlines:
        period = deadline.period
        sent = set(Report.objects.filter(commune=commune, year=period.year, period_kind=period.kind,
                                         status__in=SENT).values_list("unit_id", flat=True))
        link = f"{url}?ky={period.code}"
        if deadline.commune_level:
            if None in sent:
                continue
            for user in officers:
                reminders.append(Reminder(
                    user=user, title=f"Báo cáo tuyên truyền CCHC {period.label} của xã gửi tỉnh: {_when(deadline.due, today)}",
                    url=link, key=f"report:{period.code}:commune:due", kind=Kind.REPORT_DEADLINE))
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
        for user in officers:
            reminders.append(Reminder(
                user=user, title=f"{len(late_units)} đơn vị chưa gửi báo cáo {period.label} "
                                 f"({_when(deadline.due, today)})",
                body=", ".join(u.name for u in late_units[:10]), url=link,
                key=f"report:{period.code}:units:due", kind=Kind.REPORT_DEADLINE))
    return reminders
