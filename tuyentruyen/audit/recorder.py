"""The audit trail, recorded centrally from model signals so that no write can forget it.

Every concrete model of the project's own apps is audited except the ones listed in ``SKIP``. The row
is written in the same transaction as the change (signals run inside it), and the actor comes from the
request middleware or ``acting_as`` in commands and jobs.

Signals cover ``save``, ``delete`` and many-to-many changes (``m2m_changed``). Three kinds of write send
none, and each has one explicit call here, made in the same transaction as the write:
- ``bulk_create`` / ``bulk_update``: ``record_bulk(objs)`` after it (``before=snapshots(objs)`` taken
  before changing the objects, for an update);
- ``QuerySet.update``: ``record_update(queryset, **fields)`` instead of it (it updates and records);
- rows written straight into a many-to-many table: ``record_m2m_many(field, [(obj, before, after)])``.
``tuyentruyen/audit/tests/test_writes_are_recorded.py`` fails on a services module that forgets.
"""

import datetime
import decimal
import uuid

from django.apps import apps
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from tuyentruyen.lib.current import current_actor

# High-volume or self-referential rows whose history would be noise, not accountability.
SKIP = {"audit.auditevent", "accounts.loginfailure", "jobs.scheduledrun", "notifications.notification",
        "notifications.digest",
        # anonymous, high-volume answers from residents: counted in results, not accountable edits
        "engagement.surveyresponse", "engagement.contestattempt",
        # a counter of residents' questions the assistant could not answer, bumped on every search
        "procedures.unansweredquestion",
        # one-time form tokens: bookkeeping against double submission, the record made is audited
        "web.formsubmission",
        # the log of API reads is itself the audit of API use (one row per request)
        "api.apirequest",
        # summaries derived from the activities (whose every write is audited), rebuilt by their services:
        # a cache of counts, nobody's record
        "province.activitymonth", "province.communeactivitymonth", "province.communetopicmonth"}
REDACTED_FIELDS = {"password"}
# Bookkeeping that changes on every login is not a change anyone needs to account for.
IGNORED_FIELDS = {"last_login"}


def audited_models():
    for model in apps.get_models():
        if _is_audited(model):
            yield model


def _jsonable(value):
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # 10 and 10.00 are the same quantity: the database's scale must not read as a change
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    return value


def _snapshot(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        data[field.attname] = _jsonable(value)
    return data


def _narrow(before, after):
    """For JSON documents (a plan revision), keep only the keys that changed, not two whole copies."""
    if isinstance(before, dict) and isinstance(after, dict):
        return {k: [before.get(k), after.get(k)] for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return [before, after]


def _commune_id(instance):
    value = getattr(instance, "commune_id", None)
    return value if isinstance(value, int) else None


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = _snapshot(previous) if previous is not None else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from .models import AuditEvent

    after = _snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [], {})}
        action = AuditEvent.Action.CREATE
    else:
        changes = _changed(sender, before, after)
        if not changes:
            return
        action = AuditEvent.Action.UPDATE
    _write(AuditEvent, action, instance, _redact(sender, changes))


def quiet_fields(model) -> set[str]:
    """Fields whose change alone is not a change: bookkeeping (last login) and save timestamps (the event
    has its own time)."""
    return IGNORED_FIELDS | {f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}


def _changed(model, before: dict, after: dict) -> dict:
    quiet = quiet_fields(model)
    return {k: _narrow(before.get(k), v) for k, v in after.items() if before.get(k) != v and k not in quiet}


def _redact(model, changes: dict) -> dict:
    # A model lists residents' personal data in AUDIT_REDACTED_FIELDS: an erasure must not leave a copy here.
    redacted = REDACTED_FIELDS | set(getattr(model, "AUDIT_REDACTED_FIELDS", ()))
    for name in redacted.intersection(changes):
        # A JSON field's change is narrowed to {key: [before, after]} (see _narrow): it had a value.
        had_value = changes[name][0] if isinstance(changes[name], list) else True
        changes[name] = ["***" if had_value else None, "***"]  # that it changed, never the value
    return changes


def _after_delete(sender, instance, **kwargs):
    from .models import AuditEvent

    _write(AuditEvent, AuditEvent.Action.DELETE, instance, {})


def _event(event_model, action, instance, changes):
    return event_model(
        actor=current_actor(),
        commune_id=_commune_id(instance),
        action=action,
        model=instance._meta.verbose_name,
        object_pk=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
    )


def _write(event_model, action, instance, changes):
    _event(event_model, action, instance, changes).save()


def _is_audited(model) -> bool:
    """A model of the project's own apps, not skipped (a proxy counts as its concrete model)."""
    model = model._meta.concrete_model
    return model.__module__.startswith("tuyentruyen.") and model._meta.label_lower not in SKIP


# --- many-to-many ----------------------------------------------------------------------------------
def _m2m_field(sender, instance, reverse, model):
    """The many-to-many field (forward) whose through table is ``sender``, and the name to record."""
    forward_model = model if reverse else type(instance)
    for field in forward_model._meta.many_to_many:
        if field.remote_field.through is sender:
            return field, (field.remote_field.get_accessor_name() if reverse else field.name)
    return None, None


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not _is_audited(type(instance)):
        return
    field, name = _m2m_field(sender, instance, reverse, model)
    if field is None:
        return
    manager = getattr(instance, name, None) if name and not name.endswith("+") else None
    if manager is None:  # a reverse accessor hidden with related_name="+"
        return
    if action.startswith("pre_"):
        instance._audit_m2m_before = set(manager.values_list("pk", flat=True))
        return
    before = getattr(instance, "_audit_m2m_before", None)
    if before is None:
        return
    after = set(manager.values_list("pk", flat=True))
    record_m2m(instance, name, before, after, related_model=model)


def record_m2m(instance, field_name: str, before, after, *, related_model=None) -> None:
    """One UPDATE event for ``instance`` whose many-to-many ``field_name`` went from the pks ``before``
    to ``after``; nothing when they are equal. Called by the signal; code that writes a through table
    directly (an import) calls ``record_m2m_many``."""
    record_m2m_many(field_name, [(instance, before, after)], related_model=related_model)


def record_m2m_many(field_name: str, changes, *, related_model=None) -> int:
    """``record_m2m`` for many (instance, before pks, after pks) at once: one query for the related
    rows' names, one insert for the events."""
    from .models import AuditEvent

    changes = [(obj, set(old or ()), set(new or ())) for obj, old, new in changes]
    changes = [(obj, old, new) for obj, old, new in changes if old != new and _is_audited(type(obj))]
    if not changes:
        return 0
    if related_model is None:
        related_model = changes[0][0]._meta.get_field(field_name).related_model
    labels = _labels_by_pk(related_model, set().union(*(old | new for _, old, new in changes)))
    events = [_event(AuditEvent, AuditEvent.Action.UPDATE, obj,
                     {field_name: [sorted(labels[pk] for pk in old), sorted(labels[pk] for pk in new)]})
              for obj, old, new in changes]
    AuditEvent._base_manager.bulk_create(events, batch_size=500)
    return len(events)


def _labels_by_pk(model, pks) -> dict:
    """Related rows as people read them (their names, not their ids)."""
    found = {obj.pk: str(obj) for obj in model._base_manager.filter(pk__in=list(pks))}
    return {pk: found.get(pk, f"#{pk}") for pk in pks}


# --- writes that send no signal ----------------------------------------------------------------------
def snapshots(objs) -> dict:
    """The current field values of ``objs`` by pk, taken before changing them for a ``bulk_update``."""
    return {obj.pk: _snapshot(obj) for obj in objs if obj.pk is not None}


def record_bulk(objs, *, before: dict | None = None, fields=None) -> int:
    """The events of a ``bulk_create`` (or, with ``before=snapshots(...)``, a ``bulk_update``) just made
    with ``objs``, in the caller's transaction: one CREATE per object, or one UPDATE per object with
    what changed. Objects without a pk (``ignore_conflicts``) are skipped. Returns the events written.
    For a ``bulk_update`` pass its ``fields`` too: only those were written (an object built with a pk
    alone holds defaults in the others)."""
    from .models import AuditEvent

    events = []
    for obj in objs:
        model = type(obj)
        if obj.pk is None or not _is_audited(model):
            continue
        after = _snapshot(obj)
        if before is not None:
            if fields is not None:
                written = {model._meta.get_field(name).attname for name in fields}
                after = {k: v for k, v in after.items() if k in written}
            changes = _changed(model, before.get(obj.pk, {}), after)
            if not changes:
                continue
            action = AuditEvent.Action.UPDATE
        else:
            changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [], {})}
            action = AuditEvent.Action.CREATE
        events.append(_event(AuditEvent, action, obj, _redact(model, changes)))
    AuditEvent._base_manager.bulk_create(events, batch_size=500)
    return len(events)


def record_update(queryset, **fields) -> int:
    """``queryset.update(**fields)`` with its events: the rows it matches are read first, updated, read
    again, and each row that changed gets one UPDATE event with the fields before and after (F()
    expressions included). Returns the number of rows updated, like ``update``."""
    model = queryset.model
    if not _is_audited(model):
        return queryset.update(**fields)
    with transaction.atomic():
        before = {obj.pk: _snapshot(obj) for obj in queryset.select_for_update()}
        count = queryset.update(**fields)
        changed = model._base_manager.filter(pk__in=list(before))
        record_bulk(list(changed), before=before)
    return count


def connect():
    for model in audited_models():
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre", weak=False)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post", weak=False)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-del", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_m2m_changed, sender=field.remote_field.through,
                                dispatch_uid=f"{uid}-m2m-{field.name}", weak=False)


def audited_model_labels() -> set[str]:
    return {m._meta.label_lower for m in audited_models()}


__all__ = ["audited_model_labels", "connect", "models", "record_bulk", "record_m2m", "record_m2m_many",
           "record_update", "snapshots"]
