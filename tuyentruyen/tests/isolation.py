"""How the isolation test finds commune B's object for each URL parameter.

When a later issue adds a URL with a new parameter name, the test fails until an entry is added here
(a factory returning commune B's value for that parameter), so no URL escapes the walk.
"""

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit


def _unit_b(world):
    with commune_scope(world.commune_b):
        return Unit.objects.filter(commune=world.commune_b).first().pk


def make_world_objects(world):
    """Commune B's objects, made before the walk so that list pages could leak them."""
    from tuyentruyen.conftest import SECRET_B
    from tuyentruyen.plans.document import empty_document
    from tuyentruyen.plans.services import create_plan

    with commune_scope(world.commune_b):
        world.plan_b = create_plan(
            commune=world.commune_b, user=world.officer_b,
            document=empty_document(title=f"Kế hoạch {SECRET_B}", issuer=world.commune_b.committee_name))


PARAMETER_FACTORIES = {
    "plan_id": lambda world: world.plan_b.pk,
    "revision_no": lambda world: 1,
    "part": lambda world: "topics",
    "fmt": lambda world: "docx",
    "unit_id": _unit_b,
    "user_id": lambda world: world.officer_b.pk,
    "commune_code": lambda world: world.commune_b.pk,
}
