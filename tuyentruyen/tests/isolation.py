"""How the isolation test finds commune B's object for each URL parameter.

When a later issue adds a URL with a new parameter name, the test fails until an entry is added here
(a factory returning commune B's value for that parameter), so no URL escapes the walk.
"""

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit


def _unit_b(world):
    with commune_scope(world.commune_b):
        return Unit.objects.filter(commune=world.commune_b).first().pk


PARAMETER_FACTORIES = {
    "unit_id": _unit_b,
    "user_id": lambda world: world.officer_b.pk,
    "commune_code": lambda world: world.commune_b.pk,
}
