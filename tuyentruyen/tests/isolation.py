"""How the isolation test finds commune B's object for each URL parameter.

Each app may have ``tests/isolation.py`` with ``PARAMETER_FACTORIES`` (parameter name → function of
the world returning commune B's value) and ``make_world_objects(world)`` (commune B's objects, made
before the walk so that list pages could leak them). When a URL gets a parameter no app maps, the test
fails until one does, so no URL escapes the walk.
"""

from importlib import import_module

from django.apps import apps

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit


def _unit_b(world):
    with commune_scope(world.commune_b):
        return Unit.objects.filter(commune=world.commune_b).first().pk


CORE_FACTORIES = {
    "unit_id": _unit_b,
    "user_id": lambda world: world.officer_b.pk,
    "commune_code": lambda world: world.commune_b.pk,
    # public pages are walked with B's slug; only views marked @public_view may answer there
    "commune_slug": lambda world: world.commune_b.slug,
}


def app_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("tuyentruyen."):
            try:
                yield import_module(f"{config.name}.tests.isolation")
            except ModuleNotFoundError as exc:
                if not exc.name.startswith(config.name):
                    raise


def parameter_factories() -> dict:
    factories = dict(CORE_FACTORIES)
    for module in app_modules():
        factories.update(getattr(module, "PARAMETER_FACTORIES", {}))
    return factories


def make_world_objects(world) -> None:
    for module in app_modules():
        maker = getattr(module, "make_world_objects", None)
        if maker is not None:
            with commune_scope(world.commune_b):
                maker(world)
