"""Notifications: the one path every app's reminders go through.

An app that wants its users reminded of something registers a *reminder source*, a function
``fn(commune, today) -> list[Reminder]``, in its ``tasks.py`` (imported by the daily job), the one
place where jobs and reminders register::

    from tuyentruyen.notifications.services import Reminder, recipients_for, register_reminder_source

    def tasks_due(commune, today):
        ...  # runs inside the commune's scope: scoped models can be queried directly
        return [Reminder(user=u, title="...", url=task_url, key=f"task:{task.pk}:due") for u in ...]

    register_reminder_source(tasks_due)

The daily job (``tasks.daily_reminders``, or ``manage.py send_reminders``) calls every source for
every onboarded commune inside that commune's scope, turns each reminder into a notification (the
bell) and then sends each person one e-mail digest for the day. Anything can also call ``notify()``
directly when something happens (e.g. a report is returned for correction).
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from tuyentruyen.lib.tenancy import commune_scope

from .models import Digest, Kind, Notification

if TYPE_CHECKING:
    from tuyentruyen.accounts.models import User
    from tuyentruyen.localities.models import Commune

logger = logging.getLogger(__name__)

# Reminders start this many days before a due date (tasks, report deadlines); a commune or its province
# may change it with the setting "reminder_days" (the execution issue's default: 7).
DEFAULT_REMINDER_DAYS = 7
# A digest lists what is at most this old: a person who only now gets an e-mail address is not sent
# months of stale reminders.
DIGEST_WINDOW_DAYS = 7
DIGEST_MAX_ITEMS = 50
SUBJECT = "[Tuyên truyền CCHC] Thông báo ngày {:%d/%m/%Y}"


@dataclass(frozen=True)
class Reminder:
    user: "User"
    title: str
    body: str = ""
    url: str = ""
    key: str = ""  # stable id of what it is about, e.g. "task:12:due"
    kind: str = Kind.INFO


ReminderSource = Callable[["Commune", date], list[Reminder]]
_SOURCES: dict[str, ReminderSource] = {}


def register_reminder_source(fn) -> None:
    """Add ``fn(commune, today) -> list[Reminder]`` to the daily job. Registering the same function
    again (a module imported twice) replaces it instead of running it twice."""
    _SOURCES[f"{fn.__module__}.{fn.__qualname__}"] = fn


def reminder_sources() -> list[ReminderSource]:
    return list(_SOURCES.values())


def discover_reminder_sources() -> int:
    """Import every app's ``tasks`` module, where sources register (the worker process that runs the
    daily job has imported only ours). Returns how many failed to import: one app's broken module
    must not cost every other app its reminders, so it is logged and skipped."""
    failures = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("tuyentruyen.") or not module_has_submodule(config.module, "tasks"):
            continue
        try:
            import_module(f"{config.name}.tasks")
        except Exception:
            logger.exception("could not import %s.tasks: its reminders are skipped", config.name)
            failures += 1
    return failures


# --- Helpers for sources ---------------------------------------------------------------------------


def reminder_days(commune) -> int:
    """N in "due within N days": the commune's setting, else its province's, else 7."""
    try:
        return max(0, int(commune.setting("reminder_days", DEFAULT_REMINDER_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_REMINDER_DAYS


def recipients_for(commune, unit=None) -> list["User"]:
    """Who is reminded of a unit's work: the active staff of ``unit`` (a Unit or its id) and the
    commune's CCHC officers. Without a unit: the officers only."""
    from tuyentruyen.accounts.models import Role

    who = Q(role_rows__role=Role.OFFICER)
    if unit is not None:
        who |= Q(unit=getattr(unit, "pk", unit))
    users = get_user_model().objects.filter(who, commune=commune, is_active=True).distinct().order_by("pk")
    return list(users)


def _commune_users(commune, who: Q) -> list["User"]:
    users = get_user_model().objects.filter(who, commune=commune, is_active=True).distinct().order_by("pk")
    return list(users)


def managers_of(commune) -> list["User"]:
    """Who runs the CCHC work of a commune and is told what units send: its officers and admins."""
    from tuyentruyen.accounts.models import Role

    return _commune_users(commune, Q(role_rows__role__in=[Role.OFFICER, Role.COMMUNE_ADMIN]))


def leaders_of(commune) -> list["User"]:
    """Who approves, issues and signs: the commune's leaders."""
    from tuyentruyen.accounts.models import Role

    return _commune_users(commune, Q(role_rows__role=Role.LEADER))


def unit_staff_of(commune, unit=None) -> list["User"]:
    """The staff of one unit (a Unit or its id), or of every unit of the commune without one."""
    from tuyentruyen.accounts.models import Role

    who = Q(role_rows__role=Role.UNIT_STAFF)
    who &= Q(unit=getattr(unit, "pk", unit)) if unit is not None else Q(unit__isnull=False)
    return _commune_users(commune, who)


# --- Writing ---------------------------------------------------------------------------------------


def notify(user, *, title, body="", url="", kind="info", key="") -> Notification | None:
    """Put a notification under ``user``'s bell (and into their next e-mail digest).

    Idempotent with a ``key``: the same user and key on the same local day make no second row, and
    ``None`` is returned. Inactive users are not notified (``None`` too)."""
    return _notify(user, title=title, body=body, url=url, kind=kind, key=key, day=timezone.localdate())


def _notify(user, *, title, body, url, kind, key, day) -> Notification | None:
    if user is None or not user.is_active:
        return None
    key = (key or "")[:200]
    # ``personal`` with a user filter: the check must also see rows of users who have no commune,
    # which a commune scope would hide.
    if key and Notification.personal.filter(user=user, key=key, day=day).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.personal.create(
                commune_id=user.commune_id, user=user, kind=kind or Kind.INFO, title=title[:255],
                body=body or "", url=(url or "")[:500], key=key, day=day,
            )
    except IntegrityError:
        return None  # another process notified the same thing a moment ago


# --- Events: something happened, the next person is told at once --------------------------------


@transaction.atomic
def notify_event(kind: str, *, target, recipients, actor=None, text: str, url: str = "") -> list[Notification]:
    """Tell ``recipients`` at once that ``kind`` happened to ``target`` (a model instance), by ``actor``.

    Call it from the service function where the transition happens, inside its transaction: if the
    transition rolls back, so do its notifications. ``kind`` is a short slug naming the event, e.g.
    ``"report.submitted"``, ``"plan.returned"``, ``"feedback.assigned"`` (see ``EVENT_LABELS``).
    ``text`` is the bell's line (Vietnamese), ``url`` where it leads. The rows join that day's e-mail
    digest like any notification.

    Bell counts stay right: the actor is never told of their own act; each person once per call (a
    recipient listed twice, ``None`` or inactive is skipped); and a person who has not yet read an
    earlier notification of the same event on the same target is not given a second one. A recipient
    outside the target's commune (and not a viewer of its province) is skipped and logged: a caller's
    mistake must not become a leak. Returns the rows created."""
    label = f"{target._meta.label_lower}:{target.pk}"
    base_key = f"event:{kind}:{label}"[:180]
    commune = _commune_of(target)
    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients or ():
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if actor is not None and user.pk == getattr(actor, "pk", None):
            continue
        if commune is not None and not _may_be_reminded(commune, user):
            logger.warning("event %s on %s for user %s skipped: not of commune %s", kind, label, user.pk, commune.pk)
            continue
        # ``personal`` with a user filter: also sees the rows of users who have no commune.
        mine = Notification.personal.filter(Q(key=base_key) | Q(key__startswith=f"{base_key}#"), user=user)
        if mine.filter(read_at__isnull=True).exists():
            continue  # still unread: the bell already says it
        today = timezone.localdate()
        key = base_key
        repeats = mine.filter(day=today).count()
        if repeats:
            key = f"{base_key}#{repeats + 1}"  # the same event again today, after it was read
        row = _notify(user, title=text, body="", url=url, kind=kind[:30], key=key, day=today)
        if row is not None:
            created.append(row)
    return created


def _commune_of(target):
    commune_id = getattr(target, "commune_id", None)
    if commune_id is None:
        return None
    from tuyentruyen.localities.models import Commune

    return Commune.objects.filter(pk=commune_id).only("pk", "province_id").first()


def _may_be_reminded(commune, user) -> bool:
    """A commune's sources may remind its own users and the viewers of its province, nobody else:
    a source that picks a user of another commune is a bug, and must not become a leak."""
    if user is None or not user.is_active:
        return False
    if user.commune_id is not None:
        return user.commune_id == commune.pk
    return user.province_id is not None and user.province_id == commune.province_id


def _reminder_key(reminder: Reminder) -> str:
    if reminder.key:
        return reminder.key
    # Without a key a second run would notify again; what it says is the next best identity.
    digest = hashlib.sha1(f"{reminder.title}\n{reminder.url}".encode()).hexdigest()[:20]
    return f"auto:{digest}"


def send_reminders(today: date | None = None) -> dict:
    """Run every reminder source for every onboarded commune, inside its scope, notify each reminder,
    then send the day's digests. Safe to run twice (the keys and the digest claim make it so)."""
    from tuyentruyen.localities.models import Commune

    today = today or timezone.localdate()
    counts = {"communes": 0, "reminders": 0, "created": 0, "skipped": 0, "errors": 0, "emails": 0}
    counts["errors"] += discover_reminder_sources()
    communes = Commune.objects.filter(onboarded_at__isnull=False).select_related("province").order_by("pk")
    for commune in communes:
        counts["communes"] += 1
        with commune_scope(commune):
            for source in reminder_sources():
                try:
                    reminders = list(source(commune, today) or [])
                except Exception:
                    # one broken source must not keep every other commune and app from their reminders
                    logger.exception("reminder source %r failed for commune %s", source, commune.pk)
                    counts["errors"] += 1
                    continue
                for reminder in reminders:
                    counts["reminders"] += 1
                    if not _may_be_reminded(commune, reminder.user):
                        logger.warning("reminder for user %s skipped: not of commune %s",
                                       getattr(reminder.user, "pk", None), commune.pk)
                        counts["skipped"] += 1
                        continue
                    key = _reminder_key(reminder)
                    created = _notify(reminder.user, title=reminder.title, body=reminder.body,
                                      url=reminder.url, kind=reminder.kind, key=key, day=today)
                    counts["created" if created else "skipped"] += 1
                    if created:
                        _supersede(reminder.user, key, today)
    counts["emails"] = send_digests(today)
    return counts


def _supersede(user, key: str, today: date) -> int:
    """A reminder repeated daily (a report still late) keeps one line under the bell: the earlier days'
    unread rows of the same key are put aside as read, today's says it all."""
    # audit: SKIP, the person's own inbox bookkeeping, like marking read
    return Notification.personal.filter(user=user, key=key, day__lt=today, read_at__isnull=True).update(
        read_at=timezone.now())


def send_digests(today: date | None = None) -> int:
    """Send each person with an e-mail address one digest for ``today`` listing their unread
    notifications not yet e-mailed; mark those e-mailed. Returns the number of e-mails sent.

    Safe to run twice, even at the same time: the ``Digest`` row of (user, day) is inserted before
    sending, and only the process that inserted it sends."""
    today = today or timezone.localdate()
    # Per person across communes on purpose: every query here is filtered by the user.
    user_ids = set(
        _pending(today).filter(user__is_active=True).exclude(user__email="").values_list("user_id", flat=True)
    )
    sent = 0
    for user in get_user_model().objects.filter(pk__in=user_ids).order_by("pk"):
        if _send_digest(user, today):
            sent += 1
    return sent


def _pending(today: date, user=None):
    rows = Notification.personal.filter(
        emailed_at__isnull=True, read_at__isnull=True,
        day__gt=today - timedelta(days=DIGEST_WINDOW_DAYS), day__lte=today,
    )
    return rows.filter(user=user) if user is not None else rows


def _send_digest(user, today: date) -> bool:
    now = timezone.now()
    with transaction.atomic():
        items = list(_pending(today, user).order_by("created_at", "id"))
        if not items:
            return False
        try:
            with transaction.atomic():
                digest = Digest.objects.create(user=user, day=today, count=len(items))
        except IntegrityError:
            return False  # today's digest is already sent (or being sent by another process)
        ids = [item.pk for item in items]
        Notification.personal.filter(pk__in=ids, user=user).update(emailed_at=now)  # audit: SKIP (bookkeeping)
    try:
        send_mail(SUBJECT.format(today), digest_text(user, items), None, [user.email])
    except Exception:
        # Give the rows and the day back, so the next run tries again instead of losing them.
        logger.exception("digest e-mail to user %s failed", user.pk)
        with transaction.atomic():
            # audit: SKIP, notifications are the user's own inbox, not accountable edits
            Notification.personal.filter(pk__in=ids, user=user, emailed_at=now).update(emailed_at=None)
            Digest.objects.filter(pk=digest.pk).delete()
        return False
    return True


def absolute_url(url: str) -> str:
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    site = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{site}/{url.lstrip('/')}"


def digest_text(user, items: list[Notification]) -> str:
    lines = [
        f"Kính gửi {user.display_name},",
        "",
        f"Anh/chị có {len(items)} thông báo mới trên hệ thống Tuyên truyền CCHC:",
        "",
    ]
    for number, item in enumerate(items[:DIGEST_MAX_ITEMS], start=1):
        lines.append(f"{number}. {item.title}")
        if item.body:
            lines.extend(f"   {line}" for line in item.body.splitlines() if line.strip())
        if item.url:
            lines.append(f"   {absolute_url(item.url)}")
        lines.append("")
    if len(items) > DIGEST_MAX_ITEMS:
        lines += [f"… và {len(items) - DIGEST_MAX_ITEMS} thông báo khác.", ""]
    lines += [
        f"Xem tất cả thông báo: {absolute_url('/thong-bao/')}",
        "",
        "Thư này được gửi tự động, mỗi ngày nhiều nhất một thư. Vui lòng không trả lời thư này.",
    ]
    return "\n".join(lines)


@transaction.atomic
def mark_read(user, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read. Someone else's is not found (Http404)."""
    notification = get_notification_for_user(user, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        # audit: update(), not save(): a read mark is not a change anyone needs in the audit trail
        notifications_for(user).filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())  # audit: SKIP


# --- Reading ---------------------------------------------------------------------------------------


def notifications_for(user):
    """``user``'s notifications, newest first. Run it in the scope the request (or job) has open.

    Commune users read through the scoped manager (the scope is the net under the user filter);
    users with no commune own only rows with no commune, read through ``personal`` (see the model)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.personal.none()
    if user.commune_id:
        return Notification.objects.filter(user=user, commune_id=user.commune_id)
    return Notification.personal.filter(user=user, commune__isnull=True)


def get_notification_for_user(user, notification_id: int) -> Notification:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(notifications_for(user), pk=notification_id)


def unread_count(user) -> int:
    """One COUNT query, served by the ``notification_unread`` partial index."""
    return notifications_for(user).filter(read_at__isnull=True).count()
