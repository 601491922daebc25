import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tuyentruyen.api import services


@pytest.fixture
def system_admin(db):
    return get_user_model().objects.create_superuser("hethong", "ht@example.vn", "x")


@pytest.fixture
def province_token(province, system_admin):
    return services.create_token(name="Hệ thống của tỉnh", province=province, user=system_admin)


@pytest.fixture
def other_province_token(other_province, system_admin):
    return services.create_token(name="Hệ thống tỉnh khác", province=other_province, user=system_admin)


@pytest.fixture
def national_token(system_admin):
    return services.create_token(name="Bộ Nội vụ", province=None, user=system_admin)


def api_client(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})
