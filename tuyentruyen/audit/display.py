"""An audit event as people read it: the record's kind and its fields under their Vietnamese names
(``verbose_name``), values as the pages show them (dates dd/mm/yyyy, times in Asia/Ho_Chi_Minh, choices by
label, related rows by name), and nothing that is bookkeeping."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from .recorder import audited_models, quiet_fields

EMPTY = "(trống)"
HIDDEN = "(đã ẩn)"
MAX_VALUE_CHARS = 300


def models_by_name() -> dict[str, type[models.Model]]:
    """Audited models by the name events carry (their verbose_name)."""
    return {str(m._meta.verbose_name): m for m in audited_models()}


def record_kinds() -> list[tuple[str, str]]:
    """(stored name, label) of every kind of record, for the filter."""
    return sorted(((name, capfirst(name)) for name in models_by_name()), key=lambda pair: pair[1].casefold())


@dataclass
class Change:
    label: str
    before: str
    after: str


def _fields_by_attname(model) -> dict:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    fields.update({f.name: f for f in model._meta.many_to_many})
    return fields


def _local(value: str, kind) -> str:
    try:
        if kind is models.DateField:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


class Presenter:
    """Turns a page of events into rows; related rows are looked up once per model for the whole page."""

    def __init__(self, events):
        self.events = list(events)
        self.models = models_by_name()
        self._names: dict[tuple, str] = {}
        self._load_related_names()

    def _related_field(self, field):
        return field if isinstance(field, models.ForeignKey) else None

    def _load_related_names(self):
        wanted: dict[type, set] = {}
        for event in self.events:
            model = self.models.get(event.model)
            if model is None or not isinstance(event.changes, dict):
                continue
            fields = _fields_by_attname(model)
            for name, pair in event.changes.items():
                field = fields.get(name)
                if self._related_field(field) and isinstance(pair, list):
                    wanted.setdefault(field.related_model, set()).update(
                        v for v in pair if isinstance(v, int | str) and v not in ("", "***"))
        for related, pks in wanted.items():
            for obj in related._base_manager.filter(pk__in=list(pks))[:1000]:
                self._names[(related, str(obj.pk))] = str(obj)

    def value(self, field, value) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if value == "***":
            return HIDDEN
        if isinstance(value, list):  # a many-to-many field: the related rows' names
            return _short(", ".join(str(v) for v in value))
        if isinstance(value, dict):
            return _short(", ".join(f"{k}: {v}" for k, v in value.items()))
        if field is None:
            return _short(str(value))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return "Có" if value else "Không"
        if self._related_field(field):
            return self._names.get((field.related_model, str(value)), f"#{value}")
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            return _local(value, models.DateTimeField)
        if isinstance(field, models.DateField) and isinstance(value, str):
            return _local(value, models.DateField)
        return _short(str(value))

    def changes(self, event) -> list[Change]:
        if not isinstance(event.changes, dict):
            return []
        model = self.models.get(event.model)
        fields = _fields_by_attname(model) if model else {}
        quiet = quiet_fields(model) if model else set()
        rows = []
        for name, pair in event.changes.items():
            if name in quiet:
                continue
            field = fields.get(name)
            label = capfirst(str(field.verbose_name)) if field is not None else name
            if isinstance(pair, dict):  # a JSON document: the keys that changed
                for key, (before, after) in pair.items():
                    rows.append(Change(f"{label} › {key}", self.value(None, before), self.value(None, after)))
                continue
            before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            if before == after:
                continue
            rows.append(Change(label, self.value(field, before), self.value(field, after)))
        return rows

    def rows(self):
        for event in self.events:
            yield event, self.changes(event)
