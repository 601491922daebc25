import pytest

from tuyentruyen.audit.models import AuditEvent
from tuyentruyen.audit.recorder import audited_model_labels
from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope


@pytest.mark.django_db
def test_a_change_through_a_page_is_recorded_with_its_actor(admin_a, commune_a):
    client = client_for(admin_a)
    client.post("/don-vi/them/", {"name": "Thôn Mới", "kind": "village"})
    with commune_scope(commune_a):
        event = AuditEvent.objects.get(object_repr="Thôn Mới")
    assert event.actor == admin_a and event.action == "create" and event.changes["name"] == [None, "Thôn Mới"]
    page = client.get("/nhat-ky/").content.decode()
    assert "Thôn Mới" in page and "Quản Trị A" in page


@pytest.mark.django_db
def test_an_update_records_only_what_changed(admin_a, commune_a):
    client = client_for(admin_a)
    client.post("/don-vi/them/", {"name": "Thôn Cũ", "kind": "village"})
    with commune_scope(commune_a):
        from tuyentruyen.localities.models import Unit

        unit = Unit.objects.get(name="Thôn Cũ")
        client.post(f"/don-vi/{unit.pk}/sua/", {"name": "Thôn Cũ", "kind": "other", "active": "on"})
        event = AuditEvent.objects.filter(action="update").latest("at")
    assert event.changes == {"kind": ["village", "other"]}


@pytest.mark.django_db
def test_passwords_never_reach_the_trail(admin_a, commune_a):
    admin_a.set_password("Mot-mat-khau-khac")
    admin_a.save()
    with commune_scope(commune_a):
        event = AuditEvent.objects.filter(model="người dùng", action="update").latest("at")
    assert event.changes["password"] == ["***", "***"]


def test_every_domain_model_is_audited():
    labels = audited_model_labels()
    assert {"localities.unit", "localities.commune", "accounts.user", "accounts.userrole"} <= labels
    assert "audit.auditevent" not in labels


@pytest.mark.django_db
def test_another_communes_trail_is_not_shown(admin_a, officer_b):
    client_for(officer_b).post("/don-vi/them/", {"name": "Thôn Riêng B", "kind": "village"})
    assert "Thôn Riêng B" not in client_for(admin_a).get("/nhat-ky/").content.decode()


@pytest.mark.django_db
def test_a_json_document_change_records_only_the_changed_keys(commune_a):
    from tuyentruyen.plans.document import empty_document
    from tuyentruyen.plans.services import create_plan, current_revision, save_document

    with commune_scope(commune_a):
        plan = create_plan(commune=commune_a, document=empty_document("Cũ", "UBND xã An Hòa"))
        revision = current_revision(plan)
        save_document(revision, dict(revision.document, title="Mới"), expected_version=revision.version)
        event = AuditEvent.objects.filter(action="update", model="lần sửa kế hoạch").latest("id")
    assert event.changes["document"] == {"title": ["Cũ", "Mới"]}
