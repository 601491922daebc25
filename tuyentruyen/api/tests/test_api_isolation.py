"""The isolation walk over the API with another province's token: nothing of commune B's province."""

import pytest

from tuyentruyen.api import services
from tuyentruyen.tests.test_tenant_isolation import build_world
from tuyentruyen.tests.walker import routes_named, run_walk

from .conftest import api_client

pytestmark = pytest.mark.django_db


def test_another_provinces_token_reads_nothing_of_commune_b(officer_a, officer_b, other_province, system_admin):
    world = build_world(officer_a, officer_b)
    _, secret = services.create_token(name="Tỉnh khác", province=other_province, user=system_admin)
    findings = run_walk(api_client(secret), world, routes_named("api_v1:"), own_objects=False)
    assert not findings, "\n".join(str(f) for f in findings[:40])
    assert findings.probes >= 10


def test_the_provinces_own_token_does_read_commune_b(officer_a, officer_b, province, system_admin):
    """The walk above would pass for an API that serves nothing: the same probes with the province's token
    do show commune B's report."""
    world = build_world(officer_a, officer_b)
    _, secret = services.create_token(name="Tỉnh", province=province, user=system_admin)
    response = api_client(secret).get(f"/api/v1/reports/{world.b.api_report.pk}")
    assert response.status_code == 200 and world.b.marker in response.content.decode()
