import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.localities.models import Unit


@pytest.mark.django_db
def test_it_lists_units(officer_a):
    response = client_for(officer_a).get("/don-vi/")
    assert response.status_code == 200
    assert "Phòng Văn hóa - Xã hội" in response.content.decode()


@pytest.mark.django_db
def test_admin_adds_and_renames_a_unit(admin_a, commune_a):
    client = client_for(admin_a)
    response = client.post("/don-vi/them/", {"name": "Thôn Hòa  Bình", "kind": "village", "aliases": "Thôn HB\n"})
    assert response.status_code == 302
    with commune_scope(commune_a):
        unit = Unit.objects.get(name="Thôn Hòa Bình")
        assert unit.aliases == ["Thôn HB"]
    response = client.post(f"/don-vi/{unit.pk}/sua/", {"name": "Thôn Hòa Bình Mới", "kind": "village", "active": "on"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Thôn Hòa Bình Mới"


@pytest.mark.django_db
def test_a_duplicate_name_is_refused_in_vietnamese(admin_a):
    response = client_for(admin_a).post("/don-vi/them/", {"name": "Phòng Văn hóa - Xã hội", "kind": "other"})
    assert response.status_code == 200
    assert "Đã có đơn vị mang tên này." in response.content.decode()


@pytest.mark.django_db
def test_officer_cannot_edit_units(officer_a, commune_a):
    with commune_scope(commune_a):
        unit = Unit.objects.first()
    assert client_for(officer_a).post(f"/don-vi/{unit.pk}/sua/", {"name": "x", "kind": "other"}).status_code == 403
