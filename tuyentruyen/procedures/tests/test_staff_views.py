"""Staff pages: catalogue and publication, import upload, the phrasing dictionary."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.procedures.models import Procedure, Publication, SynonymEntry

from .tables import BIRTH, xlsx_annex


@pytest.mark.django_db
def test_catalogue_lists_the_shared_catalogue_and_what_the_commune_publishes(
        demo_catalogue, officer_a, django_assert_max_num_queries):
    client = client_for(officer_a)
    with django_assert_max_num_queries(12):
        page = client.get("/thu-tuc-hanh-chinh/").content.decode()
    assert "Đăng ký khai sinh" in page and "đang công bố 0 thủ tục" in page
    assert client.post("/thu-tuc-hanh-chinh/cong-bo/", {"code": ["1.001193", "1.000894"]}).status_code == 302
    assert "đang công bố 2 thủ tục" in client.get("/thu-tuc-hanh-chinh/").content.decode()
    client.post("/thu-tuc-hanh-chinh/bo-cong-bo/", {"code": "1.000894"})
    with commune_scope(officer_a.commune):
        assert list(Publication.objects.values_list("procedure__code", flat=True)) == ["1.001193"]
    client.post("/thu-tuc-hanh-chinh/cong-bo/", {"all": "1"})
    with commune_scope(officer_a.commune):
        assert Publication.objects.count() == 47


@pytest.mark.django_db
def test_roles(demo_catalogue, staff_a, every_role_a, viewer_province):
    assert client_for(staff_a).get("/thu-tuc-hanh-chinh/").status_code == 403
    assert client_for(staff_a).post("/thu-tuc-hanh-chinh/cong-bo/", {"all": "1"}).status_code == 403
    assert client_for(viewer_province).get("/thu-tuc-hanh-chinh/cach-noi/").status_code == 403
    assert Client().get("/thu-tuc-hanh-chinh/").status_code == 302
    nav = client_for(every_role_a).get("/").content.decode().split('data-testid="main-nav"')[1].split("</nav>")[0]
    assert "Thủ tục hành chính" in nav


@pytest.mark.django_db
def test_import_upload_validates_fully_and_imports_all_or_nothing(demo_catalogue, commune_a):
    from django.contrib.auth import get_user_model

    system_admin = get_user_model().objects.create_superuser("hethong", "ht@example.vn", "x", commune=commune_a)
    client = client_for(system_admin)
    broken = xlsx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH, ["2", "", "5 ngày", "", "", ""]])])
    response = client.post("/thu-tuc-hanh-chinh/nhap/", {"file": SimpleUploadedFile("a.xlsx", broken), "publish": "on"})
    assert "dòng 7: thiếu tên thủ tục" in response.content.decode()
    assert Procedure.objects.get(code="1.001193").processing_time != "Ngay trong ngày"
    good = xlsx_annex([("I. Lĩnh vực Hộ tịch", [BIRTH])])
    preview = client.post("/thu-tuc-hanh-chinh/nhap/", {"file": SimpleUploadedFile("a.xlsx", good), "dry_run": "on"})
    assert "0 mới, 1 thay đổi" in preview.content.decode()
    assert Procedure.objects.get(code="1.001193").processing_time != "Ngay trong ngày"
    done = client.post("/thu-tuc-hanh-chinh/nhap/", {"file": SimpleUploadedFile("a.xlsx", good), "publish": "on",
                                                      "changed_on": "15/01/2026"})
    assert done.status_code == 302
    assert Procedure.objects.get(code="1.001193").processing_time == "Ngay trong ngày"
    change = Procedure.objects.get(code="1.001193").changes.latest("id")
    assert change.changed_on.isoformat() == "2026-01-15" and change.created_by == system_admin
    odd = client.post("/thu-tuc-hanh-chinh/nhap/", {"file": SimpleUploadedFile("a.json", b"GIF89a...")})
    assert "Định dạng tệp không được hỗ trợ" in odd.content.decode()


@pytest.mark.django_db
def test_export_is_the_json_the_importer_reads(demo_catalogue, officer_a):
    from tuyentruyen.procedures.importer import parse_catalogue

    data = client_for(officer_a).get("/thu-tuc-hanh-chinh/xuat.json").content
    assert len(json.loads(data)) == 47 and len(parse_catalogue(data).records) == 47


@pytest.mark.django_db
def test_an_editor_adds_a_phrasing_and_search_uses_it_at_once(demo_in_a, site_b, officer_b):
    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user

    editor = create_user("bientap_a", "x", roles=[Role.EDITOR], commune=demo_in_a)
    client = client_for(editor)
    api = f"/{demo_in_a.slug}/thu-tuc/api/tim-kiem"
    question = "bé lọt lòng cần làm gì"
    before = Client().get(api, {"q": "bé lọt lòng"}).json()["results"]
    assert not before or before[0]["code"] != "1.001193"
    assert client.post("/thu-tuc-hanh-chinh/cach-noi/", {"phrase": "lọt lòng", "terms": "đăng ký khai sinh"}).status_code == 302
    assert Client().get(api, {"q": question}).json()["results"][0]["code"] == "1.001193"
    again = client.post("/thu-tuc-hanh-chinh/cach-noi/", {"phrase": "Lọt lòng", "terms": "khai sinh"})
    assert "Đã có cách nói" in again.content.decode()
    with commune_scope(demo_in_a):
        entry = SynonymEntry.objects.get()
    assert client_for(officer_b).post(f"/thu-tuc-hanh-chinh/cach-noi/{entry.pk}/xoa/").status_code == 404
    assert client.post(f"/thu-tuc-hanh-chinh/cach-noi/{entry.pk}/xoa/").status_code == 302
    after = Client().get(api, {"q": "bé lọt lòng"}).json()["results"]
    assert after == before
