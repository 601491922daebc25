from tuyentruyen.plans import editing
from tuyentruyen.plans.document import empty_document
from tuyentruyen.plans.services import create_plan


def make_objects(side):
    side.plan = create_plan(commune=side.commune, user=side.officer,
                            document=empty_document(title=f"Kế hoạch {side.marker}", issuer=side.commune.committee_name))


PARAMETERS = {
    "plan_id": lambda side: side.plan.pk,
    "revision_no": lambda side: [1],
    "part": lambda side: list(editing.PARTS),  # every part's editor
}
FIELDS = {"plan": lambda side: side.plan.pk, "ke-hoach": lambda side: side.plan.pk,
          "unit": lambda side: _any_unit(side)}  # the unit an owner of the plan is mapped to


def _any_unit(side):
    from tuyentruyen.localities.models import Unit

    return Unit.objects.filter(commune=side.commune).order_by("pk").first().pk
