import io
import json

import jsonschema
import pytest
from docx import Document

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import services
from tuyentruyen.plans.document import schema
from tuyentruyen.plans.models import Plan

DEMO_MD = (__import__("pathlib").Path(__file__).parents[1] / "demo" / "ke-hoach-demo.md").read_bytes()


def upload(client, name, data):
    return client.post("/ke-hoach/nhap/", {"file": io.BytesIO(data) and _file(name, data)})


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.django_db
def test_import_shows_a_review_before_saving(officer_a, commune_a):
    client = client_for(officer_a)
    response = upload(client, "ke-hoach.md", DEMO_MD)
    assert response.status_code == 302 and response["Location"] == "/ke-hoach/nhap/xem-lai/"
    with commune_scope(commune_a):
        assert not Plan.objects.exists()
    review = client.get("/ke-hoach/nhap/xem-lai/").content.decode()
    assert "Văn bản gốc" in review and "Cấu trúc đọc được" in review and "Nghị quyết số 76/NQ-CP" in review
    saved = client.post("/ke-hoach/nhap/xem-lai/", {"action": "save"})
    with commune_scope(commune_a):
        plan = Plan.objects.get()
    assert saved["Location"] == f"/ke-hoach/{plan.pk}/"
    assert plan.source_name == "ke-hoach.md" and plan.period_label == "năm 2026"


@pytest.mark.django_db
@pytest.mark.parametrize("name,data,message", [
    ("trong.docx", b"", "rỗng"),
    ("anh.docx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, ""),
    ("hong.pdf", b"%PDF-1.4\n garbage", ""),
])
def test_bad_files_get_a_vietnamese_message_and_nothing_is_saved(officer_a, commune_a, name, data, message):
    response = upload(client_for(officer_a), name, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and message in page
    with commune_scope(commune_a):
        assert not Plan.objects.exists()


@pytest.mark.django_db
def test_an_oversized_file_is_refused(officer_a, commune_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    response = upload(client_for(officer_a), "lon.txt", b"a" * (20 * 1024 * 1024 + 1))
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()


@pytest.mark.django_db
def test_unit_staff_cannot_import_or_edit(staff_a, plan_a):
    client = client_for(staff_a)
    assert client.get("/ke-hoach/nhap/").status_code == 403
    assert client.post(f"/ke-hoach/{plan_a.pk}/sua/topics/", {"action": "delete", "index": 0}).status_code == 403
    assert client.get(f"/ke-hoach/{plan_a.pk}/").status_code == 200  # but may read it


@pytest.mark.django_db
def test_editing_a_part_and_the_version_check(officer_a, plan_a, commune_a):
    client = client_for(officer_a)
    with commune_scope(commune_a):
        version = services.current_revision(plan_a).version
    page = client.get(f"/ke-hoach/{plan_a.pk}/sua/topics/").content.decode()
    assert "Nội dung tuyên truyền" in page and f'value="{version}"' in page
    ok = client.post(f"/ke-hoach/{plan_a.pk}/sua/topics/", {"action": "add", "version": version, "label": "i",
                                                           "text": "Chuyển đổi số trong giải quyết thủ tục"})
    assert ok.status_code == 302
    stale = client.post(f"/ke-hoach/{plan_a.pk}/sua/topics/", {"action": "delete", "index": 0, "version": version},
                        follow=True)
    assert "vừa được người khác lưu" in stale.content.decode()
    with commune_scope(commune_a):
        topics = services.current_revision(plan_a).document["topics"]
    assert topics[-1]["text"] == "Chuyển đổi số trong giải quyết thủ tục" and len(topics) == 9


@pytest.mark.django_db
def test_header_errors_are_shown_and_nothing_saved(officer_a, plan_a, commune_a):
    client = client_for(officer_a)
    with commune_scope(commune_a):
        version = services.current_revision(plan_a).version
    response = client.post(f"/ke-hoach/{plan_a.pk}/sua/thong-tin-chung/", {
        "version": version, "issuer": "", "title": "X", "date": "hôm qua"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hãy nhập “cơ quan ban hành”" in page and "ngày/tháng/năm" in page


@pytest.mark.django_db
def test_leader_approves_and_issues_officer_cannot(officer_a, plan_a, commune_a):
    from tuyentruyen.accounts.models import Role
    from tuyentruyen.accounts.services import create_user
    from tuyentruyen.conftest import PASSWORD

    leader = create_user("lanhdao_a", PASSWORD, roles=[Role.LEADER], commune=commune_a)
    officer, boss = client_for(officer_a), client_for(leader)
    url = f"/ke-hoach/{plan_a.pk}/trang-thai/"
    officer.post(url, {"action": "submit"})
    assert officer.post(url, {"action": "approve"}).status_code == 403
    boss.post(url, {"action": "approve"})
    boss.post(url, {"action": "issue", "number": "07", "issued_on": "2026-01-20"})
    with commune_scope(commune_a):
        revision = services.current_revision(plan_a)
    assert revision.status == "issued" and revision.document["number"] == "07"
    detail = officer.get(f"/ke-hoach/{plan_a.pk}/").content.decode()
    assert "Đã ban hành" in detail and "Tạo bản sửa đổi" in detail
    officer.post(f"/ke-hoach/{plan_a.pk}/ban-sua-doi/")
    compare = officer.get(f"/ke-hoach/{plan_a.pk}/so-sanh/?a=1&b=2")
    assert compare.status_code == 200 and "Bản 1" in compare.content.decode()


@pytest.mark.django_db
def test_download_docx_and_api(officer_a, plan_a):
    client = client_for(officer_a)
    response = client.get(f"/ke-hoach/{plan_a.pk}/tai-ve.docx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "KẾ HOẠCH" in text
    document = json.loads(client.get(f"/api/ke-hoach/{plan_a.pk}/").content)
    jsonschema.validate(document, schema())


@pytest.mark.django_db
def test_pdf_download_says_so_when_the_converter_is_missing(officer_a, plan_a, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setenv("TUYENTRUYEN_SOFFICE", "/nonexistent/soffice")
    response = client_for(officer_a).get(f"/ke-hoach/{plan_a.pk}/tai-ve.pdf", follow=True)
    assert "LibreOffice" in response.content.decode()


@pytest.mark.django_db
def test_province_viewer_reads_plans_of_its_communes_only(plan_a, viewer_province, viewer_other_province):
    assert client_for(viewer_province).get(f"/ke-hoach/{plan_a.pk}/").status_code == 200
    assert client_for(viewer_other_province).get(f"/ke-hoach/{plan_a.pk}/").status_code == 404


@pytest.mark.django_db
def test_citation_preview(officer_a):
    page = client_for(officer_a).get("/ke-hoach/trich-dan/", {"citation": "Quyết định 1847/QĐ-TTg ngày 27/12/2018"})
    assert "1847/QĐ-TTg" in page.content.decode()


@pytest.mark.django_db
def test_plan_list_query_count_does_not_grow(officer_a, commune_a, demo_document, django_assert_max_num_queries):
    client = client_for(officer_a)
    with commune_scope(commune_a):
        for _ in range(3):
            services.create_plan(commune=commune_a, document=demo_document)
    # 9: one of them asks for the province's issued plans the commune has not derived yet (the card)
    with django_assert_max_num_queries(9):
        client.get("/ke-hoach/")
    with commune_scope(commune_a):
        for _ in range(10):
            services.create_plan(commune=commune_a, document=demo_document)
    with django_assert_max_num_queries(9):
        client.get("/ke-hoach/")


@pytest.mark.django_db
def test_officer_links_a_responsibility_to_a_unit_by_hand(officer_a, plan_a, commune_a, commune_b):
    from tuyentruyen.conftest import unit_of

    client = client_for(officer_a)
    with commune_scope(commune_a):
        revision = services.current_revision(plan_a)
    police = unit_of(commune_a, "other")
    url = f"/ke-hoach/{plan_a.pk}/sua/responsibilities/"
    assert "Gắn đơn vị" in client.get(url).content.decode()
    client.post(url, {"action": "link", "index": 0, "unit_id": police.pk, "version": revision.version})
    with commune_scope(commune_a):
        revision = services.current_revision(plan_a)
        assert revision.unit_links["responsibilities"][0] == police.pk
        # the choice survives an unrelated edit of the plan
        services.save_document(revision, dict(revision.document, title="Tiêu đề mới"),
                               expected_version=revision.version)
        assert services.current_revision(plan_a).unit_links["responsibilities"][0] == police.pk
    foreign = unit_of(commune_b, "other")
    with commune_scope(commune_a):
        version = services.current_revision(plan_a).version
    refused = client.post(url, {"action": "link", "index": 0, "unit_id": foreign.pk, "version": version})
    assert refused.status_code == 404  # another commune's unit is not even found
