"""A task can be given to a person of its lead unit; that person sees it and updates it."""

import pytest

from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for, unit_of
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.work import access, services
from tuyentruyen.work.models import Task

pytestmark = pytest.mark.django_db


def _radio_task(plan):
    with commune_scope(plan.commune):
        return Task.objects.get(plan=plan, recurrence="quarterly")  # led by the media centre


@pytest.fixture
def editor_of_media_centre(commune_a):
    """Not unit staff: sees no task until one is given to them."""
    return create_user("bientap_a", PASSWORD, roles=[Role.EDITOR], commune=commune_a,
                       unit=unit_of(commune_a, "media_center"), full_name="Biên Tập A")


def test_the_lead_units_staff_give_a_task_to_a_person_who_then_sees_it(plan_a, staff_a, editor_of_media_centre):
    task = _radio_task(plan_a)
    assert client_for(editor_of_media_centre).get(f"/nhiem-vu/{task.pk}/").status_code == 403
    page = client_for(staff_a).get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Giao cho người thực hiện" in page and "Biên Tập A" in page
    response = client_for(staff_a).post(f"/nhiem-vu/{task.pk}/nguoi-thuc-hien/",
                                        {"assignee": editor_of_media_centre.pk})
    assert response.status_code == 302
    with commune_scope(plan_a.commune):
        task.refresh_from_db()
        assert task.assignee == editor_of_media_centre
        assert access.can_update_task(editor_of_media_centre, task)
    editor = client_for(editor_of_media_centre)
    assert "Biên Tập A" in editor.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert task.title in editor.get("/nhiem-vu/?cua-toi=1").content.decode()
    assert editor.post(f"/nhiem-vu/{task.pk}/tien-do/", {"progress": 30}).status_code == 302


def test_only_a_person_of_the_lead_unit_can_be_given_the_task(plan_a, staff_a, other_staff_a, officer_b):
    task = _radio_task(plan_a)
    with commune_scope(plan_a.commune):
        with pytest.raises(services.WorkError, match="đơn vị chủ trì"):
            services.assign_task(task, other_staff_a)
        with pytest.raises(services.WorkError, match="không thuộc xã"):
            services.assign_task(task, officer_b)
    # another unit's staff may not share out this unit's work
    assert client_for(other_staff_a).post(f"/nhiem-vu/{task.pk}/nguoi-thuc-hien/",
                                          {"assignee": staff_a.pk}).status_code == 403
    client_for(staff_a).post(f"/nhiem-vu/{task.pk}/nguoi-thuc-hien/", {"assignee": officer_b.pk})
    with commune_scope(plan_a.commune):
        task.refresh_from_db()
        assert task.assignee is None


def test_giving_the_task_to_another_unit_takes_it_from_the_person(plan_a, staff_a):
    task = _radio_task(plan_a)
    with commune_scope(plan_a.commune):
        services.assign_task(task, staff_a)
        services.reassign_task(task, lead_unit=unit_of(plan_a.commune, "office"))
        task.refresh_from_db()
        assert task.assignee is None
