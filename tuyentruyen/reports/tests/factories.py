"""Seeding helpers for the reports tests: rows made directly, so the tests do not depend on the work
app's forms or signals."""

from datetime import date
from decimal import Decimal

from tuyentruyen.plans.models import Plan, PlanRevision, PlanTopic, RevisionStatus
from tuyentruyen.work.kinds import DEFAULT_KINDS
from tuyentruyen.work.models import Activity, ActivityKind, Evidence, Milestone, Task, TaskOccurrence

KIND_NAMES = {code: (name, unit) for code, name, unit in DEFAULT_KINDS}


def kind(commune, code):
    name, unit = KIND_NAMES.get(code, (code, ""))
    obj, _ = ActivityKind.objects.get_or_create(commune=commune, code=code,
                                                defaults={"name": name, "quantity_unit": unit,
                                                          "position": list(KIND_NAMES).index(code)
                                                          if code in KIND_NAMES else 99})
    return obj


def activity(commune, code, day, *, unit=None, title="Hoạt động", channel="", quantity=None, reach=None,
             evidence_url=None, topics=(), deleted=False):
    from django.utils import timezone

    act = Activity.objects.create(commune=commune, unit=unit, kind=kind(commune, code), date=day, title=title,
                                  channel=channel, reach=reach,
                                  quantity=Decimal(str(quantity)) if quantity is not None else None,
                                  deleted_at=timezone.now() if deleted else None)
    if evidence_url:
        Evidence.objects.create(commune=commune, activity=act, kind="link", url=evidence_url)
    if topics:
        act.topics.set(topics)
    return act


def issued_plan(commune, start=date(2026, 1, 1), end=date(2026, 12, 31), topics=("Nội dung A", "Nội dung B")):
    plan = Plan.objects.create(commune=commune, title="Kế hoạch tuyên truyền CCHC năm 2026", period_start=start,
                               period_end=end, period_label="năm 2026")
    revision = PlanRevision.objects.create(plan=plan, number=1, status=RevisionStatus.ISSUED,
                                           document={"number": "15", "date": "2026-01-05"})
    made = [PlanTopic.objects.create(plan=plan, revision=revision, position=i, label=str(i), text=text)
            for i, text in enumerate(topics, start=1)]
    return plan, made


def task(commune, title, due, *, unit=None, status="not_started", progress=0, note=None, completed_on=None):
    obj = Task.objects.create(commune=commune, title=title, due=due, current_due=due, lead_unit=unit, status=status,
                              progress=progress, completed_on=completed_on)
    if note:
        Milestone.objects.create(task=obj, date=due, note=note)
    return obj


def occurrence(parent, label, start, end, *, status="not_started"):
    return TaskOccurrence.objects.create(task=parent, label=label, period_start=start, period_end=end, due=end,
                                         status=status)
