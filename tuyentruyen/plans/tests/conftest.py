import json
from pathlib import Path

import pytest

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans.services import create_plan

DEMO = json.loads((Path(__file__).parents[1] / "demo" / "demo_plan.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo_document():
    return json.loads(json.dumps(DEMO))


@pytest.fixture
def plan_a(commune_a, officer_a, demo_document):
    with commune_scope(commune_a):
        return create_plan(commune=commune_a, document=demo_document, user=officer_a, source_name="demo.md")
