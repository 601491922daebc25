import pytest

from tuyentruyen.accounts.models import User
from tuyentruyen.conftest import client_for, unit_of


@pytest.mark.django_db
def test_admin_creates_a_unit_staff_user(admin_a, commune_a):
    unit = unit_of(commune_a, "media_center")
    response = client_for(admin_a).post("/nguoi-dung/them/", {
        "username": "moi", "full_name": "Người Mới", "roles": ["unit_staff"], "unit": unit.pk,
        "password": "Mat-khau-dai-2026", "is_active": "on"})
    assert response.status_code == 302
    user = User.objects.get(username="moi")
    assert user.commune == commune_a and user.unit == unit and user.role_codes == {"unit_staff"}


@pytest.mark.django_db
def test_unit_staff_needs_a_unit(admin_a):
    response = client_for(admin_a).post("/nguoi-dung/them/", {
        "username": "moi", "full_name": "Người Mới", "roles": ["unit_staff"], "password": "Mat-khau-dai-2026"})
    assert "Cán bộ đơn vị phải thuộc một đơn vị." in response.content.decode()
    assert not User.objects.filter(username="moi").exists()


@pytest.mark.django_db
def test_a_unit_of_another_commune_is_not_a_choice(admin_a, commune_b):
    foreign = unit_of(commune_b, "media_center")
    response = client_for(admin_a).post("/nguoi-dung/them/", {
        "username": "moi", "full_name": "Người Mới", "roles": ["unit_staff"], "unit": foreign.pk,
        "password": "Mat-khau-dai-2026"})
    assert response.status_code == 200
    assert not User.objects.filter(username="moi").exists()


@pytest.mark.django_db
def test_only_commune_admins_manage_users(officer_a):
    assert client_for(officer_a).get("/nguoi-dung/").status_code == 403
