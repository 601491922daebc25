"""System admins make, list and revoke tokens; nobody else reaches the page."""

import pytest

from tuyentruyen.api.models import ApiToken
from tuyentruyen.conftest import client_for

from .conftest import api_client

pytestmark = pytest.mark.django_db


def test_a_system_admin_makes_a_token_sees_it_once_and_revokes_it(system_admin, province):
    client = client_for(system_admin)
    page = client.post("/he-thong/khoa-api/", {"name": "Hệ thống báo cáo của tỉnh", "province": province.pk})
    assert page.status_code == 200
    secret = page.context["secret"]
    token = ApiToken.objects.get()
    assert token.province == province and token.secret_hash != secret and secret not in token.prefix
    assert secret in page.content.decode()
    assert secret not in client.get("/he-thong/khoa-api/").content.decode()  # shown once
    assert api_client(secret).get("/api/v1/plans").status_code == 200
    assert client.post(f"/he-thong/khoa-api/{token.pk}/thu-hoi/").status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert api_client(secret).get("/api/v1/plans").status_code == 401


def test_a_token_needs_a_name(system_admin):
    page = client_for(system_admin).post("/he-thong/khoa-api/", {"name": "  ", "province": ""})
    assert page.status_code == 400 and "Hãy nhập tên hệ thống" in page.content.decode()
    assert not ApiToken.objects.exists()


def test_only_system_admins_manage_tokens(officer_a, province_officer, viewer_province):
    for user in (officer_a, province_officer, viewer_province):
        client = client_for(user)
        assert client.get("/he-thong/khoa-api/").status_code == 403
        assert client.post("/he-thong/khoa-api/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()
