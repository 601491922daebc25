"""The project's isolation walk, limited to this app's routes and the objects of the apps it builds on, so
it runs quickly beside the app's other tests."""

import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.tests.test_tenant_isolation import build_world
from tuyentruyen.tests.walker import routes_named, run_walk


@pytest.mark.django_db
@pytest.mark.parametrize("actor_fixture", ["every_role_a", "viewer_other_province"])
def test_commune_b_work_is_not_reachable(request, officer_a, officer_b, actor_fixture):
    world = build_world(officer_a, officer_b, only={"tuyentruyen.plans", "tuyentruyen.work"})
    routes = routes_named("work:")
    assert len(routes) > 20
    findings = run_walk(client_for(request.getfixturevalue(actor_fixture)), world, routes)
    assert not findings, "\n".join(str(f) for f in findings[:40])
