"""The plan page lists the owners that match no unit, lets the officer map them, and issuing waits."""

import pytest

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services
from tuyentruyen.plans.owners import ALL_UNITS
from tuyentruyen.work.models import Task
from tuyentruyen.work.tests.factories import plan_document

pytestmark = pytest.mark.django_db
GROUP = "Các phòng chuyên môn, các cơ quan đơn vị có liên quan"


@pytest.fixture
def approved_plan(commune_a, officer_a):
    document = plan_document()
    document["responsibilities"].append({"unit": GROUP, "duties": ["Lồng ghép tuyên truyền trong hội nghị"]})
    with commune_scope(commune_a):
        plan = services.create_plan(commune=commune_a, user=officer_a, document=document)
        revision = services.current_revision(plan)
        for action in ("submit", "approve"):
            revision = services.transition(revision, action, user=officer_a)
    return plan


def test_issuing_waits_until_every_owner_is_mapped(approved_plan, officer_a, commune_a):
    leader = client_for(create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a))
    url = f"/ke-hoach/{approved_plan.pk}/"
    page = leader.get(url).content.decode()
    assert "Đơn vị thực hiện" in page and GROUP in page
    refused = leader.post(f"{url}trang-thai/", {"action": "issue", "number": "09/KH-UBND",
                                                "issued_on": "2025-07-10"})
    assert refused.status_code == 400 and "Chưa gắn đơn vị cho" in refused.content.decode()
    with commune_scope(commune_a):
        assert services.current_revision(approved_plan).status == "approved" and not Task.objects.exists()

    officer = client_for(officer_a)
    assert officer.post(f"{url}don-vi-thuc-hien/", {"owner": GROUP, "unit": "x"}).status_code == 302
    officer.post(f"{url}don-vi-thuc-hien/", {"owner": GROUP, "unit": ALL_UNITS})
    page = leader.get(url).content.decode()
    assert "Tất cả đơn vị" in page and "chưa khớp với đơn vị nào" not in page
    leader.post(f"{url}trang-thai/", {"action": "issue", "number": "09/KH-UBND", "issued_on": "2025-07-10"})
    with commune_scope(commune_a):
        assert services.current_revision(approved_plan).status == "issued"
        assert Task.objects.filter(lead_name=GROUP).count() > 1


def test_staff_cannot_map_owners(approved_plan, staff_a, commune_a):
    response = client_for(staff_a).post(f"/ke-hoach/{approved_plan.pk}/don-vi-thuc-hien/",
                                        {"owner": GROUP, "unit": unit_of(commune_a, "office").pk})
    assert response.status_code == 403
    with commune_scope(commune_a):
        assert services.unmapped_owners(services.current_revision(approved_plan)) == [GROUP]
