"""“Việc của tôi”: what the signed-in commune user has to do today, read through each app's access map.

Every list is one bounded query (and one count when it may hold more than it shows), so the page costs
the same with ten tasks or ten thousand. Who sees which list is decided by the apps' predicates only:
tasks by ``work.access.visible_tasks``, reports by ``reports.access``, plans by ``plans.access``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse

from tuyentruyen.accounts.permissions import reads_whole_commune
from tuyentruyen.plans import access as plans_access
from tuyentruyen.plans.models import PlanRevision, RevisionStatus
from tuyentruyen.reports import access as reports_access
from tuyentruyen.reports.models import ReportStatus
from tuyentruyen.reports.waiting import late_units
from tuyentruyen.work import access as work_access
from tuyentruyen.work.models import OPEN_STATUSES

DUE_SOON_DAYS = 14
SHOWN = 6  # items per list; the rest is one tap away


@dataclass
class Item:
    label: str
    url: str
    note: str = ""
    late: bool = False


@dataclass
class WorkList:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    total: int = 0
    more_url: str = ""
    more_label: str = ""

    @property
    def hidden(self) -> int:
        return max(self.total - len(self.items), 0)


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def _tasks(user):
    """Open tasks the user answers for: every task of the commune for those who run or read it all, the
    tasks their unit leads for unit staff."""
    tasks = work_access.visible_tasks(user).filter(status__in=OPEN_STATUSES)
    if not reads_whole_commune(user):  # the unit's own tasks; those it coordinates are on the task list
        tasks = tasks.filter(lead_unit_id=user.unit_id)
    return tasks


def _task_items(qs, today: date) -> list[Item]:
    items = []
    for row in qs.values("id", "title", "current_due", "lead_unit__name", "lead_name")[:SHOWN]:
        due = row["current_due"]
        owner = row["lead_unit__name"] or row["lead_name"] or "Chưa giao đơn vị"
        if due is None:
            note, late = f"{owner} · chưa có hạn", False
        elif due < today:
            note, late = f"{owner} · hạn {due:%d/%m/%Y}, trễ {(today - due).days} ngày", True
        elif due == today:
            note, late = f"{owner} · hạn hôm nay", False
        else:
            note, late = f"{owner} · hạn {due:%d/%m/%Y}, còn {(due - today).days} ngày", False
        items.append(Item(_short(row["title"]), reverse("work:task_detail", kwargs={"task_id": row["id"]}), note, late))
    return items


def _task_list(key, title, qs, today) -> WorkList:
    qs = qs.order_by("current_due", "position", "id")
    items = _task_items(qs, today)
    total = len(items) if len(items) < SHOWN else qs.count()
    return WorkList(key, title, items, total, reverse("work:task_list"), "Xem danh sách nhiệm vụ")


def _revision_item(revision, note: str) -> Item:
    url = reverse("plans:revision", kwargs={"plan_id": revision.plan_id, "revision_no": revision.number})
    return Item(_short(revision.plan.title), url, note)


def _report_item(report, note: str) -> Item:
    return Item(f"Báo cáo {report.period.label} — {report.unit.name if report.unit_id else 'của xã'}",
                reverse("reports:detail", kwargs={"report_id": report.pk}), note)


def _take(qs) -> tuple[list, int]:
    """The first ``SHOWN`` rows and how many there are (a count only when the rows fill the list)."""
    rows = list(qs[:SHOWN])
    return rows, (len(rows) if len(rows) < SHOWN else qs.count())


def _revisions(**filters):
    return _take(PlanRevision.objects.filter(plan__replaced_by__isnull=True, **filters)
                 .select_related("plan").order_by("-updated_at", "-id"))


def _reports(qs):
    return _take(qs.select_related("unit").order_by("due", "year", "period_kind", "id"))


def _decisions(key, title, plans, reports) -> WorkList:
    """One list of plans then reports; “more” leads to the list that holds more than is shown."""
    (plan_items, plan_total), (report_items, report_total) = plans, reports
    work_list = WorkList(key, title, plan_items + report_items, plan_total + report_total)
    if plan_total > len(plan_items):
        work_list.more_url, work_list.more_label = reverse("plans:list"), "Xem danh sách kế hoạch"
    elif report_total > len(report_items):
        work_list.more_url, work_list.more_label = reverse("reports:list"), "Xem danh sách báo cáo"
    return work_list


def _items(found, make) -> tuple[list[Item], int]:
    rows, total = found
    return [make(row) for row in rows], total


def waiting_for_me(user) -> WorkList:
    """Plans and reports waiting for the user's decision (a leader's signature, a manager's acceptance)."""
    leader = plans_access.can_decide_plans(user)
    plans: tuple[list[Item], int] = ([], 0)
    if leader:
        plans = _items(_revisions(status__in=(RevisionStatus.SUBMITTED, RevisionStatus.APPROVED)),
                       lambda revision: _revision_item(revision, "Kế hoạch trình duyệt"
                                                       if revision.status == RevisionStatus.SUBMITTED
                                                       else "Kế hoạch đã duyệt, chờ ban hành"))
    reports = _items(_reports(reports_access.reports_awaiting_decision(user)),
                     lambda report: _report_item(report, "Đơn vị đã gửi, chờ tiếp nhận"
                                                 if report.status == ReportStatus.SUBMITTED
                                                 else report.get_status_display()))
    title = "Chờ tôi ký, duyệt" if leader else "Chờ tôi tiếp nhận, duyệt"
    return _decisions("cho-duyet", title, plans, reports)


def returned_to_me(user) -> WorkList:
    plans: tuple[list[Item], int] = ([], 0)
    if plans_access.can_edit_plans(user):
        plans = _items(_revisions(status=RevisionStatus.DRAFT, return_note__gt=""),
                       lambda revision: _revision_item(
                           revision, f"Lãnh đạo trả lại: {_short(revision.return_note, 90)}"))
    reports = _items(_reports(reports_access.reports_returned_to(user)),
                     lambda report: _report_item(report, "Bị trả lại, cần sửa và gửi lại"))
    return _decisions("tra-lai", "Bị trả lại cho tôi", plans, reports)


def my_work(user, today: date) -> dict:
    """The lists of the home page: decisions first (what waits for me, what came back to me), then the
    units late with their reports, then the tasks by due date."""
    decisions = [waiting_for_me(user), returned_to_me(user)]
    tasks = _tasks(user) if work_access.can_view_tasks(user) else None
    unit_only = not reads_whole_commune(user)
    lists = []
    if tasks is not None:
        lists.append(_task_list("qua-han", "Nhiệm vụ quá hạn", tasks.filter(current_due__lt=today), today))
        lists.append(_task_list("sap-den-han", f"Đến hạn trong {DUE_SOON_DAYS} ngày tới",
                                tasks.filter(current_due__gte=today,
                                             current_due__lte=today + timedelta(days=DUE_SOON_DAYS)), today))
        if unit_only:
            later = tasks.exclude(current_due__lte=today + timedelta(days=DUE_SOON_DAYS))
            lists.append(_task_list("don-vi", "Các nhiệm vụ khác đang mở của đơn vị", later, today))
    late = late_units(user.commune, today) if not unit_only else []
    return {
        "decisions": decisions,
        "lists": lists,
        "nothing": not late and not any(work_list.items for work_list in decisions + lists),
        "late_reports": late,
        "unit_only": unit_only,
        "can_record": work_access.can_record_activities(user),
        "can_see_dashboard": reports_access.can_view_dashboard(user),
        "due_soon_days": DUE_SOON_DAYS,
    }
