import pytest

from tuyentruyen.localities.models import Commune, Province
from tuyentruyen.localities.services import load_localities

SMALL = [
    {"name": "Tỉnh Một", "code": 1, "codename": "mot", "division_type": "tỉnh", "wards": [
        {"name": "Xã Tân Thành", "code": 10, "division_type": "xã"},
        {"name": "Phường Tân Thanh", "code": 11, "division_type": "phường"},
        {"name": "Đặc khu Côn Đảo", "code": 12, "division_type": "đặc khu"},
    ]},
    {"name": "Tỉnh Hai", "code": 2, "codename": "hai", "division_type": "tỉnh", "wards": [
        {"name": "Xã Tân Thành", "code": 20, "division_type": "xã"},
        {"name": "Xã Đông Hòa", "code": 21, "division_type": "xã"},
    ]},
]


@pytest.mark.django_db
def test_it_loads_kinds_names_and_unique_slugs():
    assert load_localities(SMALL) == (2, 5)
    assert Commune.objects.get(pk=12).kind == "dac_khu"
    assert Commune.objects.get(pk=12).name == "Côn Đảo"
    assert Commune.objects.get(pk=21).slug == "xa-dong-hoa"  # đ folds to d
    assert Commune.objects.get(pk=10).slug == "xa-tan-thanh-mot"
    assert Commune.objects.get(pk=20).slug == "xa-tan-thanh-hai"
    assert Commune.objects.get(pk=11).slug == "phuong-tan-thanh"


@pytest.mark.django_db
def test_it_is_idempotent_and_updates_names():
    load_localities(SMALL)
    renamed = [dict(SMALL[0], name="Tỉnh Một Mới")] + SMALL[1:]
    assert load_localities(renamed) == (2, 5)
    assert Province.objects.get(pk=1).name == "Tỉnh Một Mới"


@pytest.mark.django_db
def test_the_official_list_has_34_provinces_and_3321_communes():
    assert load_localities() == (34, 3321)
    assert Commune.objects.filter(kind="dac_khu").count() == 13
    assert Commune.objects.values("slug").distinct().count() == 3321
