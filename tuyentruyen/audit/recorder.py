"""The audit trail, recorded centrally from model signals so that no write can forget it.

Every concrete model of the project's own apps is audited except the ones listed in ``SKIP``. The row
is written in the same transaction as the change (signals run inside it), and the actor comes from the
request middleware or ``acting_as`` in commands and jobs.
"""

import datetime
import decimal
import uuid

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save

from tuyentruyen.lib.current import current_actor

# High-volume or self-referential rows whose history would be noise, not accountability.
SKIP = {"audit.auditevent", "accounts.loginfailure", "jobs.scheduledrun", "notifications.notification",
        "notifications.digest",
        # anonymous, high-volume answers from residents: counted in results, not accountable edits
        "engagement.surveyresponse", "engagement.contestattempt",
        # one-time form tokens: bookkeeping against double submission, the record made is audited
        "web.formsubmission"}
REDACTED_FIELDS = {"password"}
# Bookkeeping that changes on every login is not a change anyone needs to account for.
IGNORED_FIELDS = {"last_login"}


def _audited_models():
    for model in apps.get_models():
        if model.__module__.startswith("tuyentruyen.") and model._meta.label_lower not in SKIP:
            yield model


def _jsonable(value):
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
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
        changes = {
            k: _narrow(before.get(k), v) for k, v in after.items() if before.get(k) != v and k not in IGNORED_FIELDS
        }
        if not changes:
            return
        action = AuditEvent.Action.UPDATE
    # A model lists residents' personal data in AUDIT_REDACTED_FIELDS: an erasure must not leave a copy here.
    redacted = REDACTED_FIELDS | set(getattr(sender, "AUDIT_REDACTED_FIELDS", ()))
    for name in redacted.intersection(changes):
        changes[name] = ["***" if changes[name][0] else None, "***"]  # that it changed, never the value
    _write(AuditEvent, action, instance, changes)


def _after_delete(sender, instance, **kwargs):
    from .models import AuditEvent

    _write(AuditEvent, AuditEvent.Action.DELETE, instance, {})


def _write(event_model, action, instance, changes):
    actor = current_actor()
    event_model._base_manager.create(
        actor=actor,
        commune_id=_commune_id(instance),
        action=action,
        model=instance._meta.verbose_name,
        object_pk=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
    )


def connect():
    for model in _audited_models():
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre", weak=False)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post", weak=False)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-del", weak=False)


def audited_model_labels() -> set[str]:
    return {m._meta.label_lower for m in _audited_models()}


__all__ = ["connect", "audited_model_labels", "models"]
