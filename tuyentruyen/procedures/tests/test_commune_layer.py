"""The catalogue is national: a commune changes only its own layer (what it publishes, its local details),
and nothing a commune user sends changes what another commune's residents see."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.procedures.models import Procedure, Publication

from .conftest import load_demo
from .tables import BIRTH, xlsx_annex

pytestmark = pytest.mark.django_db

CODE = "1.001193"
PHISHING = "https://dichvucong-gov.example.com/dang-nhap"


@pytest.fixture
def both_sites(demo_in_a, site_b):
    load_demo(site_b)
    return demo_in_a, site_b


def _public(commune, code=CODE) -> str:
    return Client().get(f"/{commune.slug}/thu-tuc/{code}/").content.decode()


def _upload(client, records, **extra):
    data = json.dumps(records, ensure_ascii=False).encode()
    return client.post("/thu-tuc-hanh-chinh/nhap/", {"file": SimpleUploadedFile("danh-muc.json", data), **extra})


def _exported(client) -> list[dict]:
    return json.loads(client.get("/thu-tuc-hanh-chinh/xuat.json").content)


def test_a_communes_officer_cannot_rewrite_the_shared_catalogue(both_sites, officer_a):
    site_a, site_b = both_sites
    before_b = _public(site_b)
    client = client_for(officer_a)
    records = _exported(client)
    birth = next(r for r in records if r["code"] == CODE)
    birth["name"] = "Đăng ký khai sinh (bản sửa của xã A)"
    birth["submission"] = {**birth["submission"], "online_url": PHISHING}
    response = _upload(client, records, publish="on")
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Thủ tục thứ {records.index(birth) + 1} ({CODE}): chỉ quản trị hệ thống được sửa tên thủ tục, " \
           "cách thức nộp của thủ tục dùng chung" in page
    procedure = Procedure.objects.get(code=CODE)
    assert procedure.name == "Đăng ký khai sinh" and PHISHING not in json.dumps(procedure.submission)
    assert _public(site_b) == before_b and PHISHING not in _public(site_a)


def test_a_commune_cannot_add_a_procedure_to_the_catalogue(both_sites, officer_a):
    response = _upload(client_for(officer_a), [{"code": "9.999999", "name": "Thủ tục xã tự đặt"}])
    assert response.status_code == 400 and "chưa có trong danh mục dùng chung" in response.content.decode()
    assert not Procedure.objects.filter(code="9.999999").exists()


def test_a_communes_round_trip_writes_only_its_local_details(both_sites, officer_a):
    site_a, site_b = both_sites
    before_b = _public(site_b)
    client = client_for(officer_a)
    records = _exported(client)
    birth = next(r for r in records if r["code"] == CODE)
    birth["local"] = {"where_to_submit": "Quầy số 3, Trung tâm Phục vụ hành chính công xã",
                      "opening_hours": "Sáng thứ Bảy, 7 giờ 30 đến 11 giờ 30", "local_notes": ""}
    assert _upload(client, records).status_code == 302
    with commune_scope(site_a):
        layer = Publication.objects.get(commune=site_a, procedure__code=CODE)
    assert layer.where_to_submit.startswith("Quầy số 3") and "Sáng thứ Bảy" in layer.opening_hours
    assert "Quầy số 3" in _public(site_a) and "Sáng thứ Bảy" in _public(site_a)
    assert _public(site_b) == before_b
    again = next(r for r in _exported(client) if r["code"] == CODE)
    assert again["local"]["where_to_submit"].startswith("Quầy số 3")


def test_a_communes_table_import_that_changes_shared_fields_is_refused_whole(demo_catalogue, site_a, officer_a):
    client = client_for(officer_a)
    procedure = Procedure.objects.get(code=CODE)
    changed = xlsx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH])])
    response = client.post("/thu-tuc-hanh-chinh/nhap/", {"file": SimpleUploadedFile("a.xlsx", changed), "publish": "on"})
    assert response.status_code == 400 and "chỉ quản trị hệ thống được sửa" in response.content.decode()
    with commune_scope(site_a):
        assert not Publication.objects.filter(commune=site_a).exists()
    assert Procedure.objects.get(code=CODE).processing_time == procedure.processing_time


def test_local_details_form_changes_only_the_communes_page(both_sites, officer_a, officer_b):
    site_a, site_b = both_sites
    with commune_scope(site_a):
        layer_a = Publication.objects.get(commune=site_a, procedure__code=CODE)
    url = f"/thu-tuc-hanh-chinh/tai-xa/{layer_a.pk}/"
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(officer_b).post(url, {"where_to_submit": "Quầy của xã B"}).status_code == 404
    catalogue = client_for(officer_a).get("/thu-tuc-hanh-chinh/?q=khai+sinh").content.decode()
    assert url in catalogue
    before_b = _public(site_b)
    response = client_for(officer_a).post(url, {"where_to_submit": "Tầng 1, nhà B, UBND xã",
                                                "opening_hours": "Giờ hành chính", "local_notes": "Mang bản gốc"})
    assert response.status_code == 302
    assert "Tầng 1, nhà B, UBND xã" in _public(site_a) and "Mang bản gốc" in _public(site_a)
    assert _public(site_b) == before_b
    assert Procedure.objects.get(code=CODE).name == "Đăng ký khai sinh"


def test_unit_staff_and_editors_cannot_change_the_commune_layer(demo_in_a, staff_a):
    with commune_scope(demo_in_a):
        layer = Publication.objects.filter(commune=demo_in_a).first()
    assert client_for(staff_a).post(f"/thu-tuc-hanh-chinh/tai-xa/{layer.pk}/",
                                    {"where_to_submit": "x"}).status_code == 403
    assert client_for(staff_a).post("/thu-tuc-hanh-chinh/nhap/", {}).status_code == 403
