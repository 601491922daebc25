"""Province roles: who they are, what the middleware lets them write, and which communes they read."""

import pytest
from django.http import HttpResponse
from django.urls import ResolverMatch

from tuyentruyen.accounts import permissions
from tuyentruyen.accounts.middleware import _province_may_write
from tuyentruyen.accounts.models import Role
from tuyentruyen.accounts.services import create_user
from tuyentruyen.conftest import PASSWORD, client_for


@permissions.province_writes
def _marked(request):
    return HttpResponse("ok")


def _unmarked(request):
    return HttpResponse("ok")


def _match(view):
    return ResolverMatch(view, (), {}, url_name="x")


@pytest.mark.django_db
def test_each_province_role_has_its_own_word(province_officer, province_leader, viewer_province, officer_a):
    assert permissions.is_province_officer(province_officer)
    assert not permissions.is_province_officer(province_leader)
    assert not permissions.is_province_officer(viewer_province)
    assert permissions.is_province_leader(province_leader)
    for user in (province_officer, province_leader, viewer_province):
        assert permissions.is_province_user(user)
        assert user.is_province_user
        assert not permissions.is_cchc_manager(user)
        assert not permissions.reads_whole_commune(user)
    assert not permissions.is_province_user(officer_a)
    assert not permissions.is_province_officer(officer_a)


@pytest.mark.django_db
def test_only_marked_views_take_a_province_write(province_officer, province_leader, viewer_province):
    assert _province_may_write(province_officer, _match(_marked))
    assert _province_may_write(province_leader, _match(_marked))
    assert not _province_may_write(viewer_province, _match(_marked))
    assert not _province_may_write(province_officer, _match(_unmarked))


@pytest.mark.django_db
def test_a_province_officer_cannot_write_commune_records(province_officer, commune_a):
    client = client_for(province_officer)
    for url in ("/don-vi/them/", "/nguoi-dung/them/", "/hoat-dong/them/", f"/tinh/xa/{commune_a.pk}/"):
        assert client.post(url, {"name": "x"}).status_code == 403, url


@pytest.mark.django_db
def test_a_province_officer_reads_only_its_province(province_officer, officer_other_province, commune_b):
    url = f"/tinh/xa/{commune_b.pk}/"
    assert client_for(province_officer).get(url).status_code == 200
    assert client_for(officer_other_province).get(url).status_code == 404


@pytest.mark.django_db
def test_roles_match_the_kind_of_account(province, commune_a):
    with pytest.raises(ValueError, match="cấp tỉnh"):
        create_user("sai1", PASSWORD, roles=[Role.PROVINCE_OFFICER], commune=commune_a)
    with pytest.raises(ValueError, match="của xã"):
        create_user("sai2", PASSWORD, roles=[Role.OFFICER], province=province)


