"""Keeps the province overview's per-commune monthly summaries right on every activity write.

Every write of an activity goes through ``save``/``delete`` or its topics' many-to-many manager (the work
services, the importers, the admin), so these receivers see each one and recompute, in the same
transaction, the commune's months the activity was in before and is in after
(``services.refresh_commune_months``). Raw fixtures loads (``raw``) are left to a rebuild.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from tuyentruyen.work.models import Activity

from . import services


def _month(day):
    return day.replace(day=1)


def _refresh(pairs) -> None:
    by_commune: dict[int, set] = {}
    for commune_id, day in pairs:
        if commune_id is not None and day is not None:
            by_commune.setdefault(commune_id, set()).add(_month(day))
    for commune_id, months in sorted(by_commune.items()):
        services.refresh_commune_months([commune_id], sorted(months))


def remember_before(sender, instance, raw=False, **kwargs):
    instance._summary_before = None
    if not raw and instance.pk is not None:
        # the plain manager: the row being saved, whatever scope the caller opened
        instance._summary_before = Activity._base_manager.filter(pk=instance.pk).values_list("commune_id", "date") \
            .first()


def after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _refresh([getattr(instance, "_summary_before", None) or (None, None), (instance.commune_id, instance.date)])


def after_delete(sender, instance, **kwargs):
    _refresh([(instance.commune_id, instance.date)])


def after_topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        instance._summary_before = list(Activity._base_manager.filter(topics=instance)
                                        .values_list("commune_id", "date"))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _refresh([(instance.commune_id, instance.date)])
    elif action == "post_clear":
        _refresh(getattr(instance, "_summary_before", None) or [])
    else:  # a topic's activities changed from the topic's side
        _refresh(Activity._base_manager.filter(pk__in=pk_set or []).values_list("commune_id", "date"))


def connect() -> None:
    pre_save.connect(remember_before, sender=Activity, dispatch_uid="province_summary_before")
    post_save.connect(after_save, sender=Activity, dispatch_uid="province_summary_save")
    post_delete.connect(after_delete, sender=Activity, dispatch_uid="province_summary_delete")
    m2m_changed.connect(after_topics_changed, sender=Activity.topics.through, dispatch_uid="province_summary_topics")
