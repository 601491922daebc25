"""Reminders of report deadlines: a reminder source for the daily job (registered in ``tasks.py``).

Runs inside the commune's scope. Unit staff are reminded of their unit's report, the CCHC officers get
one line per deadline saying how many units have not sent theirs, and the commune's own report to the
province. From ``reminder_days`` days ahead until the day after the deadline.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse

from tuyentruyen.localities.models import Unit
from tuyentruyen.notifications.models import Kind
from tuyentruyen.notifications.services import Reminder, recipients_for, reminder_days

from .models import Report, ReportStatus
from .periods import deadlines_between
from .services import deadline_rules

SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def _when(due: date, today: date) -> str:
    if due < today:
        return f"đã quá hạn ({due:%d/%m/%Y})"
    if due == today:
        return "hạn là hôm nay"
    return f"hạn {due:%d/%m/%Y}, còn {(due - today).days} ngày"


def report_deadline_reminders(commune, today: date) -> list[Reminder]:
    ahead = reminder_days(commune)
    deadlines = deadlines_between(deadline_rules(commune), today - timedelta(days=1), today + timedelta(days=ahead))
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
