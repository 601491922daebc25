"""Reading: filters for the lists, the leaders' summary, plan coverage by topic. Each is a fixed number
of queries however many rows there are."""

from collections import defaultdict

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from tuyentruyen.plans.models import PlanRevision, PlanTopic, RevisionStatus

from .models import OPEN_STATUSES, OVERDUE, Activity, Task, TaskStatus
from .schedule import weighted_progress


def overdue_q(today) -> Q:
    return Q(status__in=OPEN_STATUSES, current_due__lt=today)


def filter_tasks(tasks, data: dict, today=None):
    today = today or timezone.localdate()
    if data.get("q"):
        tasks = tasks.filter(title__icontains=data["q"])
    if data.get("plan"):
        tasks = tasks.filter(plan=data["plan"])
    if data.get("unit"):
        unit = data["unit"]
        coordinated = Task.coordinating_units.through.objects.filter(unit_id=unit.pk).values("task_id")
        tasks = tasks.filter(Q(lead_unit=unit) | Q(pk__in=coordinated))
    status = data.get("status")
    if status == OVERDUE:
        tasks = tasks.filter(overdue_q(today))
    elif status in OPEN_STATUSES:
        tasks = tasks.filter(status=status).exclude(current_due__lt=today)
    elif status:
        tasks = tasks.filter(status=status)
    if data.get("due_from"):
        tasks = tasks.filter(current_due__gte=data["due_from"])
    if data.get("due_to"):
        tasks = tasks.filter(current_due__lte=data["due_to"])
    return tasks


def filter_activities(activities, data: dict):
    if data.get("q"):
        activities = activities.filter(title__icontains=data["q"])
    if data.get("unit"):
        activities = activities.filter(unit=data["unit"])
    if data.get("kind"):
        activities = activities.filter(kind=data["kind"])
    if data.get("plan"):
        # EXISTS per activity on the (activity, topic) index: cheap when other filters or the page limit
        # the rows, where "id IN (every activity of the plan)" would read them all
        topic_ids = list(PlanTopic.objects.filter(plan=data["plan"]).values_list("pk", flat=True))
        through = Activity.topics.through.objects.filter(activity_id=OuterRef("pk"), plantopic_id__in=topic_ids)
        activities = activities.filter(Exists(through))
    if data.get("date_from"):
        activities = activities.filter(date__gte=data["date_from"])
    if data.get("date_to"):
        activities = activities.filter(date__lte=data["date_to"])
    return activities


def task_summary(tasks, today=None) -> dict:
    """Counts by effective status, per unit, and each plan group's weighted progress."""
    today = today or timezone.localdate()
    overdue = overdue_q(today)
    by_status = tasks.aggregate(
        total=Count("pk"),
        not_started=Count("pk", filter=Q(status=TaskStatus.NOT_STARTED) & ~overdue),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS) & ~overdue),
        overdue=Count("pk", filter=overdue),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        cancelled=Count("pk", filter=Q(status=TaskStatus.CANCELLED)),
    )
    units = list(tasks.values("lead_unit__name").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        overdue=Count("pk", filter=overdue)).order_by("-overdue", "lead_unit__name"))
    rows = tasks.values_list("plan_id", "plan__title", "group", "progress", "weight", "status")
    groups = defaultdict(list)
    titles = {}
    for plan_id, plan_title, group, progress, weight, status in rows:
        done = status == TaskStatus.DONE
        groups[(plan_id, group)].append((100 if done else progress, weight, status == TaskStatus.CANCELLED))
        titles[plan_id] = plan_title
    group_rows = [
        {"plan": titles[plan_id] or "(không thuộc kế hoạch)", "group": group or "(chưa phân nhóm)",
         "count": len(items), "progress": weighted_progress(items)}
        for (plan_id, group), items in sorted(groups.items(), key=lambda kv: (str(titles[kv[0][0]]), kv[0][1] or ""))
    ]
    return {"status": by_status, "units": units, "groups": group_rows}


def group_progress(tasks) -> dict:
    """Weighted progress per group of the given tasks (for the list page header)."""
    groups = defaultdict(list)
    for group, progress, weight, status in tasks.values_list("group", "progress", "weight", "status"):
        groups[group].append((100 if status == TaskStatus.DONE else progress, weight, status == TaskStatus.CANCELLED))
    return {group: weighted_progress(items) for group, items in groups.items()}


def coverage_for_plan(plan) -> dict:
    """Per topic of the plan's latest issued revision: how many (not deleted) activities covered it,
    and when last. Topics with none come first in ``missing``."""
    revision = (PlanRevision.objects.filter(plan=plan, status=RevisionStatus.ISSUED)
                .order_by("-number").only("pk").first())
    if revision is None:
        return {"issued": False, "rows": [], "missing": 0}
    # One query, one correlated subquery per topic row: counting reads only the (topic, activity) index,
    # and the last date walks the activities' date index backwards until one covers the topic; a GROUP BY
    # over every (activity, topic) pair of the commune would read them all on each page view.
    through = Activity.topics.through.objects
    count_all = (through.filter(plantopic_id=OuterRef("pk")).order_by().values("plantopic_id")
                 .annotate(n=Count("*")).values("n"))
    deleted = Activity.objects.filter(commune_id=plan.commune_id, deleted_at__isnull=False).values("pk")
    count_deleted = (through.filter(plantopic_id=OuterRef("pk"), activity_id__in=deleted).order_by()
                     .values("plantopic_id").annotate(n=Count("*")).values("n"))
    covers = through.filter(activity_id=OuterRef("pk"), plantopic_id=OuterRef(OuterRef("pk")))
    last = (Activity.objects.filter(commune_id=plan.commune_id, deleted_at__isnull=True).filter(Exists(covers))
            .order_by("-date").values("date")[:1])
    topics = list(PlanTopic.objects.filter(revision=revision).order_by("position").annotate(
        n_all=Coalesce(Subquery(count_all), 0), n_deleted=Coalesce(Subquery(count_deleted), 0),
    ).annotate(last=Case(When(n_all__gt=F("n_deleted"), then=Subquery(last)))))  # uncovered: no walk at all
    stats = {t.pk: {"count": t.n_all - t.n_deleted, "last": t.last} for t in topics}
    rows = [{"topic": t, "count": stats[t.pk]["count"], "last": stats[t.pk]["last"]} for t in topics]
    return {"issued": True, "rows": rows, "missing": sum(1 for r in rows if not r["count"]), "plan": plan}
