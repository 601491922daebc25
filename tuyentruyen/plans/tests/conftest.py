import json
from pathlib import Path

import pytest

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services
from tuyentruyen.plans.owners import ALL_UNITS
from tuyentruyen.plans.services import create_plan

DEMO = json.loads((Path(__file__).parents[1] / "demo" / "demo_plan.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo_document():
    return json.loads(json.dumps(DEMO))


def owners_to_all_units(plan):
    """The demo plan names "Các cơ quan, đơn vị thuộc Ủy ban nhân dân xã", which is no unit: mark it (and
    any other owner matching no unit) as meaning every unit, as an officer would before issuing."""
    revision = services.current_revision(plan)
    for name in services.unmapped_owners(revision):
        revision = services.set_owner_unit(revision, name, ALL_UNITS)
    return revision


@pytest.fixture
def plan_a(commune_a, officer_a, demo_document):
    with commune_scope(commune_a):
        plan = create_plan(commune=commune_a, document=demo_document, user=officer_a, source_name="demo.md")
        owners_to_all_units(plan)
        return plan
