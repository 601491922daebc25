"""The daily reminder source for tasks: due within N days (``commune.setting("reminder_days", 7)``) or
overdue. The lead unit's staff and the commune's CCHC officers are reminded. Runs inside the commune's
scope (the notifications job opens it). A person with many tasks gets one line per task up to
``PER_PERSON``, then one summary line pointing at the filtered list, so a digest stays readable."""

from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.urls import reverse

from tuyentruyen.accounts.models import Role
from tuyentruyen.notifications.services import Reminder, reminder_days

from .models import OPEN_STATUSES, OVERDUE, Task, TaskKind

PER_PERSON = 10


def task_reminders(commune, today) -> list[Reminder]:
    horizon = today + timedelta(days=reminder_days(commune))
    # Standing duties are reported in the units' periodic reports, whose own reminders chase them: a
    # second reminder at every quarter's end would say the same thing twice.
    tasks = list(Task.objects.filter(commune=commune, status__in=OPEN_STATUSES, current_due__isnull=False,
                                     current_due__lte=horizon).exclude(kind=TaskKind.STANDING_DUTY)
                 .order_by("current_due", "pk").only("pk", "title", "current_due", "lead_unit_id", "assignee_id"))
    if not tasks:
        return []
    users = get_user_model().objects.filter(commune=commune, is_active=True)
    officers = list(users.filter(role_rows__role=Role.OFFICER).distinct().order_by("pk"))
    unit_ids = {t.lead_unit_id for t in tasks if t.lead_unit_id}
    staff_by_unit = defaultdict(list)
    for user in users.filter(unit_id__in=unit_ids).order_by("pk"):
        staff_by_unit[user.unit_id].append(user)
    assignees = {u.pk: u for u in users.filter(pk__in={t.assignee_id for t in tasks if t.assignee_id})}

    per_user: dict[int, tuple[object, list[Task]]] = {}
    for task in tasks:
        # a task given to a person reminds that person, not the whole unit
        unit_staff = [assignees[task.assignee_id]] if task.assignee_id in assignees else \
            staff_by_unit.get(task.lead_unit_id, [])
        for user in [*unit_staff, *officers]:
            per_user.setdefault(user.pk, (user, []))[1].append(task)

    reminders = []
    list_url = reverse("work:task_list")
    for user, user_tasks in per_user.values():
        seen = set()
        user_tasks = [t for t in user_tasks if not (t.pk in seen or seen.add(t.pk))]
        for task in user_tasks[:PER_PERSON]:
            overdue = task.current_due < today
            if overdue:
                title = f"Nhiệm vụ quá hạn từ {task.current_due:%d/%m/%Y}: {task}"
            else:
                title = f"Nhiệm vụ đến hạn {task.current_due:%d/%m/%Y}: {task}"
            reminders.append(Reminder(
                user=user, title=title[:255], url=reverse("work:task_detail", args=[task.pk]),
                key=f"task:{task.pk}:{'overdue' if overdue else 'due'}:{task.current_due.isoformat()}",
                kind="overdue" if overdue else "due_soon",
            ))
        rest = user_tasks[PER_PERSON:]
        if rest:
            overdue_count = sum(1 for t in rest if t.current_due < today)
            reminders.append(Reminder(
                user=user, title=f"Còn {len(rest)} nhiệm vụ sắp đến hạn hoặc quá hạn ({overdue_count} quá hạn)",
                url=f"{list_url}?{urlencode({'status': OVERDUE})}", key=f"tasks:more:{today.isoformat()}",
                kind="overdue" if overdue_count else "due_soon",
            ))
    return reminders
