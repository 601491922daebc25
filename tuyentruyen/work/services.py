"""Writes for the execution of plans: tasks, activities, evidence. Every function is atomic; the audit
trail records each row it touches. Messages in ``WorkError`` are Vietnamese and shown as is.

Other apps call ``record_activity`` (a contract: portal articles, broadcasts, contests record what was
communicated through it, idempotent by ``source_key``).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from tuyentruyen.audit.recorder import record_bulk, record_update
from tuyentruyen.lib import bounds, stored
from tuyentruyen.lib.errors import UserError
from tuyentruyen.lib.files import sweep_unreferenced
from tuyentruyen.lib.tenancy import scopes_disabled
from tuyentruyen.localities.models import Unit
from tuyentruyen.plans.importer.timeframes import parse_timeframe
from tuyentruyen.plans.models import Plan, PlanTopic, RevisionStatus
from tuyentruyen.plans.owners import ALL_UNITS, resolve_owner

from . import evidence as storage
from .kinds import DEFAULT_KINDS
from .models import (
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    Evidence,
    EvidenceKind,
    Milestone,
    Recurrence,
    Task,
    TaskKind,
    TaskOccurrence,
    TaskStatus,
)
from .schedule import periods_for

RESTORE_DAYS = 30
DEFAULT_TRIGGERED_DAYS = 30


class WorkError(UserError):
    pass


# --- activity kinds --------------------------------------------------------------------------------
def ensure_kinds(commune) -> dict[str, ActivityKind]:
    """The commune's kinds by code, creating the missing defaults on first need."""
    kinds = {kind.code: kind for kind in ActivityKind.objects.filter(commune=commune)}
    missing = [(pos, code, name, unit) for pos, (code, name, unit) in enumerate(DEFAULT_KINDS, start=1)
               if code not in kinds]
    if missing:
        # ignore_conflicts: another request may be creating the same defaults at this moment
        ActivityKind.objects.bulk_create(
            [ActivityKind(commune=commune, code=code, name=name, quantity_unit=unit, position=pos)
             for pos, code, name, unit in missing], ignore_conflicts=True)
        before = kinds
        kinds = {kind.code: kind for kind in ActivityKind.objects.filter(commune=commune)}
        # ignore_conflicts leaves no pks on the objects: record the rows that appeared instead
        record_bulk([kind for code, kind in kinds.items() if code not in before])
    return kinds


def get_kind(commune, code: str) -> ActivityKind:
    kind = ActivityKind.objects.filter(commune=commune, code=code).first()
    if kind is None:
        kind = ensure_kinds(commune).get(code)
    if kind is None:
        raise WorkError(f"Không có hình thức tuyên truyền mã “{code}”.")
    return kind


@transaction.atomic
def save_kind(commune, *, name: str, quantity_unit: str = "", active: bool = True, kind: ActivityKind | None = None,
              position: int | None = None) -> ActivityKind:
    name = name.strip()
    if not name:
        raise WorkError("Hãy nhập tên hình thức.")
    if kind is None:
        base = "custom-" + hashlib.sha1(name.casefold().encode()).hexdigest()[:10]
        kind = ActivityKind(commune=commune, code=base,
                            position=position if position is not None else 100 + ActivityKind.objects.filter(
                                commune=commune).count())
    kind.name, kind.quantity_unit, kind.active = name[:120], quantity_unit.strip()[:60], active
    try:
        with transaction.atomic():
            kind.save()
    except IntegrityError as exc:
        raise WorkError("Đã có hình thức cùng tên.") from exc
    return kind


# --- activities ------------------------------------------------------------------------------------
def _topic_ids(commune, topics) -> list[int]:
    ids = [getattr(t, "pk", t) for t in topics or ()]
    ids = [int(i) for i in ids if i not in (None, "")]
    if not ids:
        return []
    found = set(PlanTopic.objects.filter(plan__commune=commune, pk__in=ids).values_list("pk", flat=True))
    unknown = set(ids) - found
    if unknown:
        raise WorkError("Có nội dung tuyên truyền không thuộc kế hoạch của xã.")
    return sorted(found)


def _quantity(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise WorkError("Số lượng phải là một số.") from exc
    if number < 0:
        raise WorkError("Số lượng không được âm.")
    if refusal := bounds.QUANTITY.refusal(number) if number.is_finite() else "không phải là số":
        raise WorkError(f"Số lượng {refusal}.")
    return number.quantize(Decimal("0.01"))


def _check_dates(day, day_end, *, today: date | None = None) -> None:
    if not isinstance(day, date):
        raise WorkError("Ngày hoạt động không hợp lệ.")
    if day_end is not None and day_end < day:
        raise WorkError("“Đến ngày” phải sau hoặc bằng ngày bắt đầu.")
    for value in (day, day_end):
        if refusal := bounds.DATE.refusal(value):
            raise WorkError(f"Ngày {refusal}.")
    today = today or timezone.localdate()
    # An activity is what was done: one dated later than today has not happened yet.
    if day > today:
        raise WorkError(f"Ngày hoạt động {day:%d/%m/%Y} ở tương lai (hôm nay là {today:%d/%m/%Y}). "
                        "Chỉ ghi nhận hoạt động đã diễn ra.")
    if day_end is not None and day_end > today:
        raise WorkError(f"“Đến ngày” {day_end:%d/%m/%Y} ở tương lai (hôm nay là {today:%d/%m/%Y}). "
                        "Ghi ngày kết thúc khi hoạt động đã xong, hoặc để trống.")


class LateEntryNeedsConfirmation(WorkError):
    """The activity falls in a period whose report was already sent: the form asks before recording it."""

    def __init__(self, message: str, report):
        super().__init__(message)
        self.report = report


def _plans_of(commune, topic_ids, task):
    """The plans an activity belongs to: those of its topics and task, or, for an activity tied to
    neither, the commune's issued plans (any of them may be the one it carries out)."""
    plan_ids = set(PlanTopic.objects.filter(pk__in=topic_ids).values_list("plan_id", flat=True))
    if task is not None and task.plan_id:
        plan_ids.add(task.plan_id)
    if plan_ids:
        return list(Plan.objects.filter(commune=commune, pk__in=plan_ids))
    return list(Plan.objects.filter(commune=commune, revisions__status=RevisionStatus.ISSUED).distinct())


def _outside_plan_period(day, plans) -> tuple[bool, str]:
    """Whether ``day`` lies outside every plan's period (plans without dates never count), and a sentence
    naming the periods for the refusal."""
    dated = [p for p in plans if p.period_start and p.period_end]
    if not dated or any(p.period_start <= day <= p.period_end for p in dated):
        return False, ""
    periods = "; ".join(f"“{p.period_label or p.title}” từ {p.period_start:%d/%m/%Y} đến {p.period_end:%d/%m/%Y}"
                        for p in dated[:3])
    return True, periods


def late_entry_question(report, day) -> str:
    sent = f" ngày {timezone.localtime(report.submitted_at):%d/%m/%Y}" if report.submitted_at else ""
    return (f"Báo cáo {report.period.label} của {report.author_name} đã gửi{sent}, nên hoạt động ngày "
            f"{day:%d/%m/%Y} không còn tính vào báo cáo đó. Nếu vẫn ghi, hoạt động được ghi là bổ sung kỳ trước "
            "và tính vào báo cáo kỳ sau. Hãy đánh dấu “Vẫn ghi, bổ sung kỳ đã báo cáo” rồi lưu lại.")


def frozen_report_for(commune, unit_id, day):
    """The submitted or accepted report of ``unit_id`` (None: the commune's own) whose period contains
    ``day``: its figures were taken at submission, so an activity recorded into that period now is a
    late entry of it. The shortest period wins (a quarter before the half-year, before the year)."""
    from tuyentruyen.reports.models import Report, ReportStatus

    order = {kind: rank for rank, kind in enumerate(("q", "h", "y"))}
    candidates = [r for r in Report.objects.filter(
        commune=commune, unit_id=unit_id, unit__isnull=unit_id is None, year=day.year,
        status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))
        if r.period.start <= day <= r.period.end]
    return min(candidates, key=lambda r: order[r.period_kind[0]], default=None)


def record_activity(commune, *, kind_code: str, title: str, date, unit=None, channel: str = "",
                    quantity=None, quantity_unit: str = "", reach=None, topics=(), links=(),
                    source_key: str | None = None, is_public: bool = False, user=None, date_end=None) -> Activity:
    """Record (or, for a ``source_key`` seen before, update) one communication activity.

    ``kind_code`` is one of ``kinds.DEFAULT_KIND_CODES`` (or a commune's own code); ``topics`` PlanTopic
    instances or ids of the commune's plans; ``links`` URLs kept as link evidence (added once each).
    """
    # Other apps record what the product itself saw happen (an article published, a broadcast aired):
    # nobody is there to answer a question, so the flags are set from the dates instead of asked.
    return save_activity(commune, kind=get_kind(commune, kind_code), title=title, day=date, day_end=date_end,
                         unit=unit, channel=channel, quantity=quantity, quantity_unit=quantity_unit, reach=reach,
                         topics=topics, links=links, source_key=source_key, is_public=is_public, user=user,
                         outside_plan_period=None, confirm_late=True)


@transaction.atomic
def save_activity(commune, *, kind: ActivityKind, title: str, day, day_end=None, unit=None, channel: str = "",
                  quantity=None, quantity_unit: str = "", reach=None, topics=(), links=(), audience: str = "",
                  place: str = "", task: Task | None = None, task_progress: int | None = None,
                  source_key: str | None = None, is_public: bool = False, user=None,
                  activity: Activity | None = None, outside_plan_period: bool | None = False,
                  confirm_late: bool = False) -> Activity:
    """Create or update an activity (the form, the Excel import and ``record_activity`` all end here).

    The date must not be in the future, and must lie in the period of the plan the activity carries out
    unless ``outside_plan_period`` says so on purpose (None: mark it from the date, without refusing).
    An activity whose date falls in a period whose report was already sent is refused with
    ``LateEntryNeedsConfirmation`` unless ``confirm_late``; confirmed, it is a late entry of that report.
    """
    title = (title or "").strip()
    if not title:
        raise WorkError("Hãy nhập tiêu đề hoạt động.")
    _check_dates(day, day_end)
    if kind.commune_id != commune.pk:
        raise WorkError("Hình thức không thuộc xã.")
    unit_id = getattr(unit, "pk", unit)
    if unit_id is not None and not Unit.objects.filter(commune=commune, pk=unit_id).exists():
        raise WorkError("Đơn vị không thuộc xã.")
    if task is not None and task.commune_id != commune.pk:
        raise WorkError("Nhiệm vụ không thuộc xã.")
    if reach not in (None, "") and (refusal := bounds.REACH.refusal(int(reach))):
        raise WorkError(f"Lượt tiếp cận {refusal}.")
    topic_ids = _topic_ids(commune, topics)
    if activity is None and source_key:
        activity = Activity.objects.select_for_update().filter(commune=commune, source_key=source_key).first()
    outside, periods = _outside_plan_period(day, _plans_of(commune, topic_ids, task))
    # An activity already marked outside the period keeps its mark while its date stays (an edit of
    # another field, or its row of an exported sheet coming back, does not ask again).
    kept_mark = activity is not None and activity.outside_plan_period and activity.date == day
    if outside and outside_plan_period is False and not kept_mark:
        raise WorkError(f"Ngày {day:%d/%m/%Y} nằm ngoài kỳ kế hoạch ({periods}). Sửa lại ngày, hoặc nếu đúng "
                        "là hoạt động ngoài kỳ, hãy đánh dấu “Ngoài kỳ kế hoạch”.")
    created = activity is None
    if created:
        activity = Activity(commune=commune, created_by=user, source_key=source_key or "")
    if created or activity.date != day or activity.unit_id != unit_id:
        # Only a new date (or unit) can land in a frozen period: an edit of an activity the report
        # already counted, keeping its date, stays what it was.
        frozen = frozen_report_for(commune, unit_id, day)
        if frozen is not None and not confirm_late:
            raise LateEntryNeedsConfirmation(late_entry_question(frozen, day), frozen)
        activity.late_entry = frozen is not None
        activity.recorded_after_cutoff_of = frozen
    activity.outside_plan_period = outside
    previous_task_id = activity.task_id
    activity.kind = kind
    activity.title = title[:500]
    activity.date, activity.date_end = day, day_end
    activity.unit_id = unit_id
    activity.channel = (channel or "")[:200]
    activity.quantity = _quantity(quantity)
    activity.quantity_unit = (quantity_unit or kind.quantity_unit or "")[:60]
    activity.reach = int(reach) if reach not in (None, "") else None
    activity.audience, activity.place = (audience or "")[:255], (place or "")[:255]
    activity.is_public = is_public
    activity.task = task
    if activity.deleted_at is not None and source_key:
        activity.deleted_at = None  # the source recorded it again: it exists again
    activity.save()
    activity.topics.set(topic_ids)
    existing_links = set(activity.evidence.filter(kind=EvidenceKind.LINK).values_list("url", flat=True))
    new_links = []
    for url in links or ():
        url = (url or "").strip()
        if url and url not in existing_links:
            existing_links.add(url)
            new_links.append(Evidence(commune=commune, activity=activity, kind=EvidenceKind.LINK, url=url[:1000],
                                      is_public=is_public, created_by=user))
    record_bulk(Evidence.objects.bulk_create(new_links))
    if task is not None and (task.pk != previous_task_id or task_progress is not None):
        _advance_task_for_activity(task, activity, task_progress)
    return activity


def _advance_task_for_activity(task: Task, activity: Activity, task_progress: int | None) -> None:
    """An activity that fulfils a task moves it: a recurring task's period containing the activity's date
    is done; a one-off task starts (or takes the progress the user gave)."""
    if task.status == TaskStatus.CANCELLED:
        return
    if task.is_recurring:
        occurrence = task.occurrences.filter(period_start__lte=activity.date, period_end__gte=activity.date).first()
        if occurrence is not None and occurrence.status in OPEN_STATUSES:
            occurrence.status, occurrence.progress, occurrence.completed_on = TaskStatus.DONE, 100, activity.date
            occurrence.save()
            _roll_up_occurrences(task)
            return
    if task_progress is not None:
        _set_progress(task, int(task_progress))
    elif task.status == TaskStatus.NOT_STARTED:
        task.status = TaskStatus.IN_PROGRESS
        task.save()


@transaction.atomic
def delete_activity(activity: Activity, *, user=None) -> None:
    """Soft delete: restorable for ``RESTORE_DAYS`` days, then purged with its files."""
    activity.deleted_at, activity.deleted_by = timezone.now(), user
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])


@transaction.atomic
def restore_activity(activity: Activity, *, user=None) -> None:
    if activity.deleted_at is None:
        return
    activity.deleted_at, activity.deleted_by = None, None
    activity.save(update_fields=["deleted_at", "deleted_by", "updated_at"])


def purge_deleted_activities(commune, now=None) -> int:
    """Remove activities deleted more than ``RESTORE_DAYS`` days ago, and their files no row still uses."""
    cutoff = (now or timezone.now()) - timedelta(days=RESTORE_DAYS)
    with transaction.atomic():
        doomed = Activity.objects.filter(commune=commune, deleted_at__lt=cutoff)
        files = list(Evidence.objects.filter(activity__in=doomed, kind=EvidenceKind.FILE)
                     .values_list("storage_name", "thumbnail_name").distinct())
        count = doomed.count()
        Evidence.objects.filter(activity__in=doomed).delete()
        doomed.delete()
        still_used = set(Evidence.objects.filter(commune=commune, storage_name__in=[f for f, _ in files])
                         .values_list("storage_name", flat=True))
    # files go after the commit: a failed transaction must not leave rows pointing at nothing
    for storage_name, thumbnail_name in files:
        if storage_name not in still_used:
            storage.remove_stored(storage_name, thumbnail_name)
    return count


# --- evidence --------------------------------------------------------------------------------------
ORPHAN_GRACE = timedelta(days=1)


def remove_orphan_files(now=None) -> dict:
    """The daily sweep: evidence files no ``Evidence`` row references (rows of deleted activities still
    reference theirs until the 30-day purge, so a restore finds its files), ``.part`` files of writes
    that never finished, and temporary uploads a killed worker left behind, all older than a day.
    Cross-tenant on purpose: it runs once for the whole installation."""
    now = now or timezone.now()
    with scopes_disabled():
        referenced = set()
        for storage_name, thumbnail_name in Evidence.objects.filter(kind=EvidenceKind.FILE).values_list(
                "storage_name", "thumbnail_name").iterator():
            referenced.update(PurePosixPath(n).as_posix() for n in (storage_name, thumbnail_name) if n)
    files, freed = stored.sweep_unreferenced(default_storage, storage.EVIDENCE_DIR, referenced,
                                             modified_before=now - ORPHAN_GRACE)
    # temporary uploads are this server's own (Django spools them to its local disk)
    temp_files, temp_freed = sweep_unreferenced(Path(settings.FILE_UPLOAD_TEMP_DIR), set(),
                                                modified_before=(now - ORPHAN_GRACE).timestamp())
    return {"evidence_files": files, "evidence_bytes": freed, "temporary_files": temp_files,
            "temporary_bytes": temp_freed}


def evidence_used_bytes(commune) -> int:
    # Each stored file counts once, however many rows share it.
    sizes = dict(Evidence.objects.filter(commune=commune, kind=EvidenceKind.FILE).values_list("sha256", "size"))
    return sum(sizes.values())


def add_evidence_files(commune, files, *, activity: Activity | None = None, task: Task | None = None,
                       user=None, is_public: bool = False) -> list[Evidence]:
    """Check every file first; store them all or none (a refused file refuses the batch). Files written
    for a batch that fails, here or in the caller's transaction, are removed; the daily sweep
    (``remove_orphan_files``) catches what a killed process could not remove."""
    files = [f for f in files or () if f]
    if not files:
        return []
    max_mb = int(commune.setting("evidence_max_mb", storage.DEFAULT_MAX_MB))
    quota_left = int(commune.setting("evidence_quota_mb", storage.DEFAULT_QUOTA_MB)) * 1024 * 1024
    quota_left -= evidence_used_bytes(commune)
    written: list = []
    try:
        with transaction.atomic():
            stored = []
            for uploaded in files:
                fields = storage.store_upload(commune.pk, uploaded, max_mb=max_mb, quota_left_bytes=quota_left,
                                              written=written)
                quota_left -= fields["size"]
                stored.append(fields)
            rows = [Evidence.objects.create(commune=commune, activity=activity, task=task, kind=EvidenceKind.FILE,
                                            is_public=is_public, created_by=user, **fields) for fields in stored]
    except BaseException:
        _discard_written(commune, written)
        raise
    return rows


def _discard_written(commune, written) -> None:
    """Remove files this request wrote, unless a committed row of another request uses the same content."""
    if not written:
        return
    names = set(written)
    try:
        used = set(Evidence.objects.filter(commune=commune, storage_name__in=names)
                   .values_list("storage_name", flat=True))
        used |= set(Evidence.objects.filter(commune=commune, thumbnail_name__in=names)
                    .values_list("thumbnail_name", flat=True))
    except DatabaseError:
        return  # the connection is unusable: the daily sweep removes these files once no row uses them
    storage.remove_written([name for name in written if name not in used])


@transaction.atomic
def add_evidence_link(commune, url: str, *, activity: Activity | None = None, task: Task | None = None,
                      user=None, is_public: bool = False) -> Evidence:
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")):
        raise WorkError("Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https://")
    return Evidence.objects.create(commune=commune, activity=activity, task=task, kind=EvidenceKind.LINK,
                                   url=url[:1000], is_public=is_public, created_by=user)


@transaction.atomic
def remove_evidence(evidence: Evidence) -> None:
    """Detach one piece of evidence. The stored file stays until no row uses it (the purge removes it)."""
    storage_name, thumbnail_name = evidence.storage_name, evidence.thumbnail_name
    evidence.delete()
    if storage_name and not Evidence.objects.filter(commune_id=evidence.commune_id,
                                                    storage_name=storage_name).exists():
        transaction.on_commit(lambda: storage.remove_stored(storage_name, thumbnail_name))


@transaction.atomic
def set_evidence_public(evidence: Evidence, is_public: bool) -> None:
    evidence.is_public = is_public
    evidence.save(update_fields=["is_public"])


# --- tasks: made from an issued plan ---------------------------------------------------------------
def _key(prefix: str, *parts: str) -> str:
    """A row's identity across revisions: its words, whitespace and case folded."""
    text = "|".join(" ".join((p or "").split()).casefold() for p in parts)
    return f"{prefix}:" + hashlib.sha1(text.encode()).hexdigest()[:24]


def _date(value):
    """An ISO date of the plan document, or None (also for one outside ``lib.bounds``: never stored)."""
    try:
        day = date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    return day if day and bounds.DATE.contains(day) else None


def _first(ids):
    return next((i for i in ids or () if i), None)


def _revision_start(revision):
    """The day a revision's new rows start: None for the plan's first issued revision (its tasks run
    over the whole period); for a later one, the day it was issued, since what it adds in November
    cannot have been due in January."""
    from tuyentruyen.plans.models import PlanRevision

    earlier = PlanRevision.objects.filter(plan_id=revision.plan_id, status=RevisionStatus.ISSUED,
                                          number__lt=revision.number).exists()
    if not earlier:
        return None
    issued_at = timezone.localtime(revision.issued_at).date() if revision.issued_at else None
    return _date((revision.document or {}).get("date")) or issued_at or timezone.localdate()


def _understood(timeframe: dict, plan) -> dict:
    """A row's timeframe as dates and a recurrence. Rows read by the importer or the editor carry them;
    one holding only its text (a document stored before they did, or written by another tool) is read
    here with the same parser, so "Hàng quý" or "Tháng 6" never falls back to the period's last day."""
    if not timeframe.get("text") or any(timeframe.get(k) for k in ("start", "due", "trigger")) \
            or timeframe.get("recurrence") not in (None, "", "none"):
        return timeframe
    period = (plan.period_start, plan.period_end)
    return parse_timeframe(timeframe["text"], *period)


def _duties_title(unit_name: str, duties: list[str]) -> str:
    if len(duties) == 1:
        return duties[0]
    return f"Nhiệm vụ thường xuyên của {unit_name or 'đơn vị'} ({len(duties)} nội dung)"


@transaction.atomic
def create_tasks_for_revision(revision) -> list[Task]:
    """Tasks for an issued revision.

    - Each row of the task catalogue becomes a task with the row's own timeframe ("Hàng quý", "Tháng 6",
      "Trước ngày 05/12/2025"; a row with no date is due by the end of the plan's period).
    - Each responsibility ("Tổ chức thực hiện") becomes its unit's standing duties: one row holding the
      duty lines, reported quarter by quarter (the units' report rhythm), never a dated task per line.
    - An owner the officer marked "Tất cả đơn vị" gives each active unit its own task.
    - Rows added by a later revision start on the day it was issued (``_revision_start``).

    Idempotent: a row is known by its text (group + title, or the unit's name), so issuing again, or
    issuing a new revision, adds tasks only for rows that are new, and refreshes the duty lines of a
    unit's standing duties; tasks of rows that were removed stay (the officer cancels them with a reason)."""
    plan = revision.plan
    if plan.commune_id is None:
        return []  # a province's plan has no units to act on it
    document, links = revision.document or {}, revision.unit_links or {}
    chosen = links.get("owners") or {}
    existing = {task.source_key: task for task in Task.objects.filter(plan=plan).exclude(source_key="")}
    position = Task.objects.filter(plan=plan).count()
    unit_ids = set(Unit.objects.filter(commune_id=plan.commune_id).values_list("pk", flat=True))
    every_unit = list(Unit.objects.filter(commune_id=plan.commune_id, active=True)
                      .order_by("position", "pk").values_list("pk", flat=True))
    starts_on = _revision_start(revision)
    made = []

    def resolved(names, automatic):
        return [resolve_owner(name, automatic[i] if i < len(automatic) else None, chosen)
                for i, name in enumerate(names)]

    def add(key, *, lead, coordinating=(), timeframe=None, **fields):
        nonlocal position
        if key in existing or not fields["title"].strip():
            return
        position += 1
        timeframe = _understood(timeframe or {}, plan)
        task = Task(
            commune_id=plan.commune_id, plan=plan, revision=revision, source_key=key[:300],
            group=(fields.get("group") or "")[:255], title=fields["title"].strip(),
            kind=fields.get("kind", TaskKind.TASK), duties=fields.get("duties", []),
            lead_unit_id=lead if lead in unit_ids else None,
            lead_name=(fields.get("lead_name") or "")[:500],
            coordinating_names=(fields.get("coordinating_names") or "")[:1000],
            timeframe_text=(timeframe.get("text") or "")[:255],
            start=_date(timeframe.get("start")), due=_date(timeframe.get("due")),
            recurrence=timeframe.get("recurrence") if timeframe.get("recurrence") in Recurrence.values else "none",
            trigger=(timeframe.get("trigger") or "")[:500], deliverable=(fields.get("deliverable") or "")[:500],
            position=position,
        )
        if not task.due and not task.trigger and not task.is_recurring:
            task.due = plan.period_end  # no date in the plan: due by the end of the plan's period
        if starts_on is not None:
            task.start = max(task.start or starts_on, starts_on)
            if task.due and task.due < task.start:
                # a date the row gave that passed before the revision added it: a fresh month to do it
                task.due = min(task.start + timedelta(days=DEFAULT_TRIGGERED_DAYS),
                               max(plan.period_end or task.start, task.start))
        task.save()
        task.coordinating_units.set([u for u in coordinating if u in unit_ids and u != task.lead_unit_id])
        _schedule(task)
        existing[key] = task
        made.append(task)

    task_links = links.get("tasks") or []
    for index, row in enumerate(document.get("tasks") or []):
        link = task_links[index] if index < len(task_links) else {}
        leads = resolved(row.get("lead") or [], link.get("lead") or [])
        coordinating = [u for u in resolved(row.get("coordinating") or [], link.get("coordinating") or [])
                        if isinstance(u, int)]
        fields = {"group": row.get("group"), "title": row.get("title") or "",
                  "lead_name": "; ".join(row.get("lead") or []),
                  "coordinating_names": "; ".join(row.get("coordinating") or []),
                  "deliverable": row.get("deliverable")}
        key = _key("task", row.get("group") or "", row.get("title") or "")
        ids = [u for u in leads if isinstance(u, int)]
        if ALL_UNITS in leads:
            for unit_id in every_unit:
                add(f"{key}@{unit_id}", lead=unit_id, timeframe=row.get("timeframe"), **fields)
        else:
            add(key, lead=_first(ids), coordinating=ids[1:] + coordinating, timeframe=row.get("timeframe"),
                **fields)

    responsibility_links = links.get("responsibilities") or []
    for index, responsibility in enumerate(document.get("responsibilities") or []):
        unit_name = responsibility.get("unit") or ""
        duties = [" ".join(d.split()) for d in responsibility.get("duties") or [] if (d or "").strip()]
        if not duties:
            continue
        automatic = responsibility_links[index] if index < len(responsibility_links) else None
        owner = resolve_owner(unit_name, automatic, chosen)
        key = _key("duties", unit_name)
        fields = {"group": STANDING_DUTIES_GROUP, "title": _duties_title(unit_name, duties),
                  "kind": TaskKind.STANDING_DUTY, "duties": duties, "lead_name": unit_name,
                  "timeframe": {"text": "Thường xuyên, báo cáo theo quý", "recurrence": Recurrence.ONGOING}}
        for unit_key, unit_id in ([(f"{key}@{u}", u) for u in every_unit] if owner == ALL_UNITS
                                  else [(key, owner)]):
            standing = existing.get(unit_key)
            if standing is not None and standing.duties != duties:
                # a revision rewrote the unit's duties: the same standing duties, their new lines
                standing.duties, standing.title = duties, _duties_title(unit_name, duties)
                standing.save(update_fields=["duties", "title", "updated_at"])
            add(unit_key, lead=unit_id, **fields)
    return made


STANDING_DUTIES_GROUP = "Nhiệm vụ thường xuyên của các đơn vị"


def _bounds(task: Task) -> tuple[date | None, date | None]:
    plan = task.plan
    start = task.triggered_on or task.start or (plan.period_start if plan else None)
    end = task.due or (plan.period_end if plan else None)
    return start, end


def _schedule(task: Task) -> None:
    """Occurrences of a recurring task (made once; existing ones kept), and its ``current_due``."""
    if task.is_recurring and not task.waits_for_trigger and not task.occurrences.exists():
        start, end = _bounds(task)
        record_bulk(TaskOccurrence.objects.bulk_create([
            TaskOccurrence(task=task, label=p.label, period_start=p.start, period_end=p.end, due=p.due)
            for p in periods_for(task.recurrence, start, end)
        ]))
    _refresh_current_due(task)


def _refresh_current_due(task: Task) -> None:
    if task.waits_for_trigger:
        current = None
    elif task.is_recurring and task.occurrences.exists():
        first_open = task.occurrences.filter(status__in=OPEN_STATUSES).order_by("due").first()
        current = first_open.due if first_open else task.due
    else:
        current = task.due
    if current != task.current_due:
        task.current_due = current
        task.save(update_fields=["current_due", "updated_at"])


def _roll_up_occurrences(task: Task) -> None:
    rows = list(task.occurrences.exclude(status=TaskStatus.CANCELLED).values_list("status", "progress"))
    if rows:
        done = sum(1 for status, _ in rows if status == TaskStatus.DONE)
        task.progress = round(sum(100 if s == TaskStatus.DONE else p for s, p in rows) / len(rows))
        if done == len(rows):
            task.status, task.completed_on = TaskStatus.DONE, task.completed_on or timezone.localdate()
        elif task.progress > 0 or done:
            task.status, task.completed_on = TaskStatus.IN_PROGRESS, None
        task.save()
    _refresh_current_due(task)


def _set_progress(task: Task, progress: int) -> None:
    progress = max(0, min(100, progress))
    task.progress = progress
    if progress == 100:
        task.status, task.completed_on = TaskStatus.DONE, task.completed_on or timezone.localdate()
    elif progress > 0:
        task.status, task.completed_on = TaskStatus.IN_PROGRESS, None
    else:
        task.status, task.completed_on = TaskStatus.NOT_STARTED, None
    task.save()
    _refresh_current_due(task)


# --- tasks: the officer's and units' changes -------------------------------------------------------
@transaction.atomic
def update_task_progress(task: Task, *, progress: int, note: str = "", files=(), user=None) -> Task:
    """A unit reports progress. 100% marks the task done; the deliverable may be attached as evidence."""
    if task.status == TaskStatus.CANCELLED:
        raise WorkError("Nhiệm vụ đã hủy, không cập nhật tiến độ được.")
    if not 0 <= int(progress) <= 100:
        raise WorkError("Tiến độ phải từ 0 đến 100%.")
    _set_progress(task, int(progress))
    if note.strip():
        Milestone.objects.create(task=task, date=timezone.localdate(), note=note.strip()[:1000], created_by=user)
    add_evidence_files(task.commune, files, task=task, user=user)
    return task


@transaction.atomic
def update_occurrence(occurrence: TaskOccurrence, *, status: str, progress: int | None = None, note: str = "",
                      user=None) -> TaskOccurrence:
    if status not in TaskStatus.values:
        raise WorkError("Trạng thái không hợp lệ.")
    occurrence.status = status
    occurrence.progress = 100 if status == TaskStatus.DONE else max(0, min(100, int(progress or 0)))
    occurrence.completed_on = timezone.localdate() if status == TaskStatus.DONE else None
    occurrence.note = note.strip()[:500]
    occurrence.save()
    _roll_up_occurrences(occurrence.task)
    return occurrence


@transaction.atomic
def add_milestone(task: Task, *, day: date, note: str, user=None) -> Milestone:
    if not note.strip():
        raise WorkError("Hãy nhập nội dung mốc.")
    return Milestone.objects.create(task=task, date=day, note=note.strip()[:1000], created_by=user)


@transaction.atomic
def cancel_task(task: Task, *, reason: str, user=None) -> Task:
    if not reason.strip():
        raise WorkError("Hủy nhiệm vụ cần ghi lý do.")
    task.status, task.cancel_reason = TaskStatus.CANCELLED, reason.strip()[:500]
    task.save()
    return task


@transaction.atomic
def cancel_tasks_of_replaced_plan(plan, replaced_by) -> int:
    """A plan another plan replaces keeps its finished tasks and every activity (they happened and stay
    counted), while its open tasks are cancelled with the reason: the replacing plan made its own tasks
    for the same period, and leaving both open would ask units to report twice. A task still needed can
    be reopened. Returns the number cancelled."""
    from tuyentruyen.plans.services import plan_number

    number = plan_number(replaced_by)
    reason = (f"Kế hoạch đã được thay thế bởi kế hoạch số {number}" if number
              else f"Kế hoạch đã được thay thế bởi kế hoạch “{replaced_by.title}”")[:500]
    with scopes_disabled():
        open_tasks = Task.objects.filter(plan=plan, status__in=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS])
        return record_update(open_tasks, status=TaskStatus.CANCELLED, cancel_reason=reason)


@transaction.atomic
def reopen_task(task: Task, *, user=None) -> Task:
    task.cancel_reason = ""
    task.status = TaskStatus.IN_PROGRESS if task.progress else TaskStatus.NOT_STARTED
    task.save()
    _refresh_current_due(task)
    return task


@transaction.atomic
def assign_task(task: Task, assignee, *, user=None) -> Task:
    """Give a task to a person of its lead unit (``assignee``), or back to the whole unit (None)."""
    from django.contrib.auth import get_user_model

    assignee_id = getattr(assignee, "pk", assignee)
    if assignee_id is not None:
        person = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
        if person is None or person.commune_id != task.commune_id:
            raise WorkError("Người được giao không thuộc xã.")
        if task.lead_unit_id is None or person.unit_id != task.lead_unit_id:
            raise WorkError("Chỉ giao được cho người của đơn vị chủ trì nhiệm vụ.")
    task.assignee_id = assignee_id
    task.save(update_fields=["assignee", "updated_at"])
    return task


@transaction.atomic
def reassign_task(task: Task, *, lead_unit, coordinating_units=(), user=None) -> Task:
    commune_units = set(Unit.objects.filter(commune_id=task.commune_id).values_list("pk", flat=True))
    lead_id = getattr(lead_unit, "pk", lead_unit)
    coordinating = [getattr(u, "pk", u) for u in coordinating_units]
    if lead_id is not None and lead_id not in commune_units or not set(coordinating) <= commune_units:
        raise WorkError("Đơn vị không thuộc xã.")
    if lead_id != task.lead_unit_id:
        task.assignee = None  # the person was of the unit that no longer leads it
    task.lead_unit_id = lead_id
    task.save()
    task.coordinating_units.set([u for u in coordinating if u != lead_id])
    return task


@transaction.atomic
def add_task(commune, *, title: str, plan=None, group: str = "", lead_unit=None, coordinating_units=(),
             start=None, due=None, recurrence: str = "none", trigger: str = "", deliverable: str = "",
             weight: int = 1, parent: Task | None = None, user=None, timeframe_text: str = "") -> Task:
    if not title.strip():
        raise WorkError("Hãy nhập nội dung nhiệm vụ.")
    if plan is not None and plan.commune_id != commune.pk:
        raise WorkError("Kế hoạch không thuộc xã.")
    if start and due and due < start:
        raise WorkError("Hạn hoàn thành phải sau ngày bắt đầu.")
    for value in (start, due):
        if refusal := bounds.DATE.refusal(value):
            raise WorkError(f"Ngày {refusal}.")
    if recurrence not in Recurrence.values:
        raise WorkError("Kiểu lặp lại không hợp lệ.")
    if refusal := bounds.WEIGHT.refusal(int(weight)):
        raise WorkError(f"Trọng số {refusal}.")
    position = (Task.objects.filter(plan=plan, commune=commune).count() + 1)
    task = Task.objects.create(
        commune=commune, plan=plan, group=group.strip()[:255], title=title.strip(), start=start, due=due,
        recurrence=recurrence, trigger=trigger.strip()[:500], deliverable=deliverable.strip()[:500],
        weight=int(weight), parent=parent, created_by=user, position=position, timeframe_text=timeframe_text[:255],
    )
    reassign_task(task, lead_unit=lead_unit, coordinating_units=coordinating_units)
    _schedule(task)
    return task


@transaction.atomic
def split_task(task: Task, *, parts: list[dict], user=None) -> list[Task]:
    """Split a task into parts (each ``{"title", "lead_unit", "due"}``). The original stays as the
    parts' parent and their group; its progress then follows theirs (see ``refresh_parent``)."""
    parts = [p for p in parts if (p.get("title") or "").strip()]
    if len(parts) < 2:
        raise WorkError("Tách nhiệm vụ cần ít nhất hai phần, mỗi phần có nội dung.")
    made = [
        add_task(task.commune, title=p["title"], plan=task.plan, group=task.group,
                 lead_unit=p.get("lead_unit") or task.lead_unit_id, due=p.get("due") or task.due, start=task.start,
                 recurrence=task.recurrence, trigger=task.trigger if not task.triggered_on else "",
                 deliverable=task.deliverable, parent=task, user=user, timeframe_text=task.timeframe_text)
        for p in parts
    ]
    return made


@transaction.atomic
def record_trigger(task: Task, *, on: date, due: date | None = None, user=None) -> Task:
    """The event a triggered task waits for ("Sau khi có Quyết định …") happened: the task gets dates."""
    if not task.trigger:
        raise WorkError("Nhiệm vụ này không chờ điều kiện nào.")
    task.triggered_on = on
    task.start = on
    task.due = due or task.due or on + timedelta(days=int(task.commune.setting("triggered_task_days",
                                                                                  DEFAULT_TRIGGERED_DAYS)))
    if task.due < on:
        raise WorkError("Hạn hoàn thành phải sau ngày có điều kiện.")
    for value in (on, task.due):
        if refusal := bounds.DATE.refusal(value):
            raise WorkError(f"Ngày {refusal}.")
    task.save()
    _schedule(task)
    return task


@transaction.atomic
def set_task_weight(task: Task, weight: int) -> Task:
    if refusal := bounds.WEIGHT.refusal(int(weight)):
        raise WorkError(f"Trọng số {refusal}.")
    task.weight = int(weight)
    task.save(update_fields=["weight", "updated_at"])
    return task
