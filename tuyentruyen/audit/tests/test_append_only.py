"""Audit events are written once and never changed or deleted: not by the ORM, not in the admin."""

import pytest
from django.db.models import ProtectedError

from tuyentruyen.accounts.services import create_user
from tuyentruyen.audit.models import AuditEvent, AuditTrailIsAppendOnly
from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope, scopes_disabled


@pytest.fixture
def superuser(db):
    user = create_user("hethong", "Mat-khau-thu-2026", roles=[], full_name="Quản Trị Hệ Thống")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


@pytest.fixture
def event(admin_a, commune_a):
    client_for(admin_a).post("/don-vi/them/", {"name": "Thôn Ghi Sổ", "kind": "village"})
    with commune_scope(commune_a):
        return AuditEvent.objects.get(object_repr="Thôn Ghi Sổ")


def test_an_event_cannot_be_saved_again(event):
    event.object_repr = "Đã sửa"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with scopes_disabled():
        assert AuditEvent.objects.get(pk=event.pk).object_repr == "Thôn Ghi Sổ"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with scopes_disabled():
        assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("manager", ["objects", "rows", "_base_manager"])
def test_querysets_refuse_update_and_delete(event, manager):
    with scopes_disabled():
        rows = getattr(AuditEvent, manager).filter(pk=event.pk)
        with pytest.raises(AuditTrailIsAppendOnly):
            rows.update(object_repr="Đã sửa")
        with pytest.raises(AuditTrailIsAppendOnly):
            rows.delete()
        with pytest.raises(AuditTrailIsAppendOnly):
            AuditEvent.objects.bulk_update([event], ["object_repr"])
        assert AuditEvent.objects.get(pk=event.pk).object_repr == "Thôn Ghi Sổ"


def test_deleting_the_actor_does_not_blank_who_did_it(event, admin_a):
    with pytest.raises(ProtectedError):
        admin_a.delete()
    with scopes_disabled():
        assert AuditEvent.objects.get(pk=event.pk).actor_id == admin_a.pk


def test_the_admin_shows_events_but_offers_no_change_and_no_delete(event, superuser):
    client = client_for(superuser)
    listing = client.get("/quan-tri/audit/auditevent/")
    assert listing.status_code == 200 and "Thôn Ghi Sổ" in listing.content.decode()
    assert 'value="delete_selected"' not in listing.content.decode()
    assert client.get(f"/quan-tri/audit/auditevent/{event.pk}/change/").status_code == 200  # read-only view
    refused = client.post(f"/quan-tri/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert refused.status_code == 403
    client.post(f"/quan-tri/audit/auditevent/{event.pk}/change/", {"object_repr": "Đã sửa"})
    bulk = client.post("/quan-tri/audit/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk],
                                                       "post": "yes"})
    assert bulk.status_code in (200, 302)
    with scopes_disabled():
        assert AuditEvent.objects.get(pk=event.pk).object_repr == "Thôn Ghi Sổ"
