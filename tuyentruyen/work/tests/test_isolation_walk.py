"""The project's isolation walk, limited to this app's routes and objects, so it runs even while other
apps' world factories are being built."""

import pytest

from tuyentruyen.conftest import SECRET_B, client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.tests.test_tenant_isolation import World, fill, our_routes

from . import isolation


@pytest.fixture
def world(commune_b, officer_b):
    from tuyentruyen.plans.tests.isolation import make_world_objects as plans_objects

    world = World(commune_b=commune_b, officer_b=officer_b)
    with commune_scope(commune_b):
        plans_objects(world)
        isolation.make_world_objects(world)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("actor_fixture", ["every_role_a", "viewer_other_province"])
def test_commune_b_work_is_not_reachable(request, world, actor_fixture):
    client = client_for(request.getfixturevalue(actor_fixture))
    routes = [r for r in our_routes() if r.name.startswith("work:")]
    assert len(routes) > 20
    for route in routes:
        if route.params:
            url = fill(route, world)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                allowed = (403, 404, 405) if method == "get" else (403, 404)
                assert response.status_code in allowed, f"{method.upper()} {url} answered {response.status_code}"
                assert SECRET_B not in response.content.decode()
        else:
            response = client.get("/" + route.route)
            assert response.status_code in (200, 403), f"/{route.route} answered {response.status_code}"
            if response.status_code == 200:
                assert SECRET_B not in response.content.decode(), f"/{route.route} shows commune B"
