from tuyentruyen.conftest import SECRET_B
from tuyentruyen.plans.document import empty_document
from tuyentruyen.plans.services import create_plan


def make_world_objects(world):
    world.plan_b = create_plan(
        commune=world.commune_b, user=world.officer_b,
        document=empty_document(title=f"Kế hoạch {SECRET_B}", issuer=world.commune_b.committee_name))


PARAMETER_FACTORIES = {
    "plan_id": lambda world: world.plan_b.pk,
    "revision_no": lambda world: 1,
    "part": lambda world: "topics",
    "fmt": lambda world: "docx",
}
