"""How the isolation walk finds each commune's objects, app by app.

Each app may have ``tests/isolation.py`` with:

- ``make_objects(side)``: the app's objects for one commune (``side.commune``, ``side.officer``; names carry
  ``side.marker`` so a leak shows in any page's text). It runs for commune A and for commune B, inside that
  commune's scope, in app order, so an app may use what an earlier app made (``side.plan``). Files stored for
  the side go in ``side.files`` (their bytes must never reach another commune).
- ``PARAMETERS``: URL parameter name → function of the side returning that side's value, for the app's own
  URLs only (two apps may both name a parameter ``question_id`` and mean different things). A function may
  return a list: every value is walked (a part of a document, a picture size).
- ``FIELDS``: names of query-string and form fields that carry an object's id → function of the side. The
  walk sends commune B's ids in them to every URL of the app.

A URL parameter that neither its app nor ``CORE_PARAMETERS`` maps fails the walk until it is mapped, so no
URL escapes it. A format parameter (``tai-ve.<str:fmt>``) is not mapped: its view declares the formats it
offers with ``lib.documents.offers_formats`` and the walk requests each one.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit


def _unit(side):
    return Unit.objects.filter(commune=side.commune).order_by("pk").first().pk


# localities and accounts objects: the same model whichever app's URL names them
CORE_PARAMETERS = {
    "unit_id": _unit,
    "user_id": lambda side: side.officer.pk,
    "commune_code": lambda side: side.commune.pk,
    "commune_slug": lambda side: side.commune.slug,
}
CORE_FIELDS = {"unit": _unit, "don-vi": _unit, "unit_id": _unit, "lead_unit": _unit, "user": lambda side: side.officer.pk}


@dataclass
class Side:
    """One commune's objects for the walk (commune A's or commune B's)."""

    commune: object
    officer: object
    marker: str
    number: int = 0  # 0 for commune A, 1 for B: lets an app give each commune different shared records
    files: list = field(default_factory=list)


@dataclass
class AppMapping:
    app: str  # "tuyentruyen.work"
    parameters: dict
    fields: dict
    make_objects: object = None


def app_mappings() -> dict[str, AppMapping]:
    mappings = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("tuyentruyen."):
            continue
        try:
            module = import_module(f"{config.name}.tests.isolation")
        except ModuleNotFoundError as exc:
            if not exc.name.startswith(config.name):
                raise
            module = None
        mappings[config.name] = AppMapping(
            app=config.name,
            parameters={**CORE_PARAMETERS, **getattr(module, "PARAMETERS", {})},
            fields={**CORE_FIELDS, **getattr(module, "FIELDS", {})},
            make_objects=getattr(module, "make_objects", None),
        )
    return mappings


def make_objects(side: Side, only: set[str] | None = None) -> Side:
    """Every app's objects for ``side`` (or only the named apps', for a quick walk of a few)."""
    for mapping in app_mappings().values():
        if mapping.make_objects is not None and (only is None or mapping.app in only):
            with commune_scope(side.commune):
                mapping.make_objects(side)
    return side
